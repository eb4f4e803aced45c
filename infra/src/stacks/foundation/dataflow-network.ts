import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall/index.js';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network/index.js';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';

/** Network tag Dataflow puts on its worker VMs. */
const DATAFLOW_WORKER_TAG = 'dataflow';

export interface DataflowNetworkProps {
  readonly config: EnvironmentConfig;
  readonly subnetCidr: string;
  readonly apis: readonly ITerraformDependable[];
}

/**
 * A VPC of its own for the Dataflow workers: one subnetwork in the region with Private Google Access
 * (private-IP workers reach Pub/Sub, BigQuery and Cloud Storage through it) and the firewall rule
 * Dataflow documents for worker-to-worker traffic (TCP 12345 streaming, 12346 shuffle), which a job
 * needs whenever Streaming Engine is off. A new project may have no `default` network at all, so
 * nothing relies on one.
 */
export class DataflowNetwork extends Construct {
  readonly subnetwork: ComputeSubnetwork;

  constructor(scope: Construct, id: string, props: DataflowNetworkProps) {
    super(scope, id);
    const { config } = props;
    const name = `${config.namePrefix}-dataflow`;
    const network = new ComputeNetwork(this, 'network', {
      name,
      description: 'Dataflow workers of salesflow.',
      autoCreateSubnetworks: false,
      dependsOn: [...props.apis],
    });
    this.subnetwork = new ComputeSubnetwork(this, 'subnetwork', {
      name,
      region: config.region,
      network: network.id,
      ipCidrRange: props.subnetCidr,
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: 'INTERVAL_10_MIN',
        flowSampling: 0.1,
        metadata: 'EXCLUDE_ALL_METADATA',
      },
    });
    new ComputeFirewall(this, 'workers', {
      name: `${name}-workers`,
      network: network.id,
      description: 'Dataflow workers exchange shuffle and streaming data with each other.',
      direction: 'INGRESS',
      sourceTags: [DATAFLOW_WORKER_TAG],
      targetTags: [DATAFLOW_WORKER_TAG],
      allow: [{ protocol: 'tcp', ports: ['12345-12346'] }],
    });
  }
}
