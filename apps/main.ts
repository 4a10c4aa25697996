import { synthesizeAll } from './synth-all';

// cdk8s synth passes the output folder in CDK8S_OUTDIR.
synthesizeAll(process.env.CDK8S_OUTDIR ?? 'dist');
