import type { ArtifactStore } from './artifact-store';
import { FolderArtifactStore } from './folder-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/**
 * The artifact store MNEMO_ARTIFACT_ROOT names: `s3://<bucket>[/<prefix>]` is object storage, reached
 * with the usual AWS settings (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the SDK's other sources,
 * AWS_REGION or AWS_DEFAULT_REGION, and for S3-compatible servers an endpoint in MLFLOW_S3_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL); anything else is a local folder.
 */
export function artifactStoreFor(root: string, maxBytes: number, env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(root)?.[1]?.toLowerCase();
  if (scheme === undefined) return new FolderArtifactStore(root, maxBytes);
  if (scheme !== 's3') {
    throw new Error(`MNEMO_ARTIFACT_ROOT "${root}": only a local folder or s3://<bucket>/<prefix> is supported.`);
  }
  const [bucket, ...prefix] = root.slice('s3://'.length).split('/');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(`MNEMO_ARTIFACT_ROOT "${root}" does not start with a valid bucket name (s3://<bucket>/<prefix>).`);
  }
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  return new S3ArtifactStore(bucket, prefix.join('/'), maxBytes, {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint,
  });
}
