/**
 * Google-built releases every environment pins, so a re-deploy re-creates what was tested. Move them
 * on deliberately: read the release notes, deploy to dev, then to prod.
 */

/** `PubSub_to_BigQuery_Flex` release folder under gs://dataflow-templates-REGION/. */
export const DATAFLOW_TEMPLATE_RELEASE = '2026-08-18-00_RC00';

/**
 * Cloud Composer 3 image build with Airflow 2.11.1: Composer's default Airflow 2 and the only one
 * still getting new builds. The DAGs are tested on the same Airflow (requirements/airflow.txt).
 */
export const COMPOSER_IMAGE = 'composer-3-airflow-2.11.1-build.14';
