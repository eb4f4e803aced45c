import { filters } from './filters.js';
import type { MonitoredPipeline } from './targets.js';

interface Chart {
  readonly title: string;
  readonly filter: string;
  readonly aligner: 'ALIGN_RATE' | 'ALIGN_MAX' | 'ALIGN_SUM' | 'ALIGN_PERCENTILE_95';
  readonly reducer?: 'REDUCE_SUM' | 'REDUCE_MAX';
  readonly groupBy?: readonly string[];
}

/** The pipeline-health dashboard as Cloud Monitoring dashboard JSON (mosaic layout, two columns). */
export function pipelineDashboard(name: string, pipeline: MonitoredPipeline): string {
  const orchestrator = pipeline.orchestrator;
  const charts: Chart[] = [
    {
      title: 'Events published to sales-events',
      filter: filters.published(pipeline.topic),
      aligner: 'ALIGN_RATE',
    },
    ...pipeline.ingestSubscriptions.map((s): Chart => ({
      title: `Oldest unacked message age — ${s.label}`,
      filter: filters.subscriptionBacklogAge(s.id),
      aligner: 'ALIGN_MAX',
    })),
    {
      title: 'Dead-letter backlog',
      filter: filters.undelivered(pipeline.deadLetterSubscription),
      aligner: 'ALIGN_MAX',
    },
    ...(pipeline.ingestFunctionService === undefined
      ? []
      : [
          {
            title: 'ingestSales requests by response class',
            filter: filters.requests(pipeline.ingestFunctionService),
            aligner: 'ALIGN_RATE',
            reducer: 'REDUCE_SUM',
            groupBy: ['metric.labels.response_code_class'],
          } satisfies Chart,
          {
            title: 'ingestSales latency (p95)',
            filter: filters.latency(pipeline.ingestFunctionService),
            aligner: 'ALIGN_PERCENTILE_95',
          } satisfies Chart,
        ]),
    ...(pipeline.dataflowJob === undefined
      ? []
      : [
          {
            title: 'Dataflow system lag',
            filter: filters.systemLag(pipeline.dataflowJob),
            aligner: 'ALIGN_MAX',
          } satisfies Chart,
        ]),
    {
      title: 'Messages taken over by each ingest path',
      filter: filters.acked(pipeline.ingestSubscriptions.map((s) => s.id)),
      aligner: 'ALIGN_RATE',
      reducer: 'REDUCE_SUM',
      groupBy: ['resource.labels.subscription_id'],
    },
    orchestrator.kind === 'composer'
      ? {
          title: 'DAG runs by state',
          filter: filters.dagRuns(orchestrator.environment),
          aligner: 'ALIGN_SUM',
          reducer: 'REDUCE_SUM',
          groupBy: ['metric.labels.state'],
        }
      : {
          title: 'dbt job executions by result',
          filter: filters.jobExecutions(orchestrator.job),
          aligner: 'ALIGN_SUM',
          reducer: 'REDUCE_SUM',
          groupBy: ['metric.labels.result'],
        },
  ];
  const width = 6;
  const height = 4;
  // The API drops zero positions; writing them would show a change on every plan.
  const position = (key: 'xPos' | 'yPos', value: number) => (value === 0 ? {} : { [key]: value });
  const tiles = charts.map((chart, index) => ({
    ...position('xPos', (index % 2) * width),
    ...position('yPos', Math.floor(index / 2) * height),
    width,
    height,
    widget: {
      title: chart.title,
      xyChart: {
        dataSets: [
          {
            plotType: 'LINE',
            timeSeriesQuery: {
              timeSeriesFilter: {
                filter: chart.filter,
                aggregation: {
                  alignmentPeriod: '60s',
                  perSeriesAligner: chart.aligner,
                  ...(chart.reducer === undefined ? {} : { crossSeriesReducer: chart.reducer }),
                  ...(chart.groupBy === undefined ? {} : { groupByFields: [...chart.groupBy] }),
                },
              },
            },
          },
        ],
      },
    },
  }));
  return JSON.stringify({ displayName: name, mosaicLayout: { columns: 12, tiles } });
}
