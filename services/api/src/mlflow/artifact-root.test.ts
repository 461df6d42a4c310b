import { artifactStoreFor } from './artifact-root';
import { FolderArtifactStore } from './folder-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/** MNEMO_ARTIFACT_ROOT read as a folder or an S3 location, with the usual AWS settings (no server needed). */
describe('the artifact store MNEMO_ARTIFACT_ROOT names', () => {
  it('is a local folder for a path', () => {
    const store = artifactStoreFor('/var/lib/mnemo/artifacts', 1024, {});
    expect(store).toBeInstanceOf(FolderArtifactStore);
    expect(store.description).toBe('the folder /var/lib/mnemo/artifacts');
  });

  it('is a bucket and prefix for s3://, on AWS by default in the region given', () => {
    const store = artifactStoreFor('s3://ml-artifacts/teams/mnemo/', 1024, { AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(store.description).toBe('s3://ml-artifacts/teams/mnemo');
    expect((store as S3ArtifactStore).connection).toEqual({ region: 'eu-west-1', endpoint: undefined });
  });

  it("takes an S3-compatible server's endpoint from MLflow's setting first, then AWS's", () => {
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_ENDPOINT_URL: 'http://aws-wide:1',
      MLFLOW_S3_ENDPOINT_URL: 'http://minio:9000',
    };
    expect(artifactStoreFor('s3://bucket', 1024, env).description).toBe('s3://bucket at http://minio:9000');
    expect(artifactStoreFor('s3://bucket', 1024, { AWS_ENDPOINT_URL: 'http://aws-wide:1' }).description).toBe(
      's3://bucket at http://aws-wide:1',
    );
  });

  it('refuses, in words, a location it cannot use', () => {
    expect(() => artifactStoreFor('gs://bucket/prefix', 1024, {})).toThrow(/only a local folder or s3:\/\//);
    expect(() => artifactStoreFor('s3:///prefix', 1024, {})).toThrow(/valid bucket name/);
    expect(() => artifactStoreFor('s3://bucket', 6 * 1024 ** 3, {})).toThrow(/at most .* \(5 GiB\)/);
  });
});
