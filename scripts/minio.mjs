// The real S3 server the artifact tests run against: MinIO, built from its Go module with the Go
// toolchain into .mnemo/bin/minio (the Go caches under .mnemo/go, so a fresh clone needs nothing else).
// Built only when the binary is missing or the pinned version changed; a warm run costs one file read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The MinIO commit of 2026-02-12 as a Go pseudo-version (MinIO tags releases but not Go module versions). */
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';
const GO_CANDIDATES = [process.env.MNEMO_GO, '/usr/local/go/bin/go', 'go'].filter(Boolean);

export function ensureMinio(root, say) {
  const bin = path.join(root, '.mnemo', 'bin');
  const minio = path.join(bin, 'minio');
  const stamp = path.join(bin, 'minio.version');
  if (existsSync(minio) && existsSync(stamp) && readFileSync(stamp, 'utf8') === MINIO_VERSION) return minio;
  const go = GO_CANDIDATES.find((candidate) => spawnSync(candidate, ['version']).status === 0);
  if (!go) throw new Error('building MinIO for the S3 artifact tests needs Go (set MNEMO_GO to the go binary)');
  say(`building MinIO ${MINIO_VERSION} for the S3 artifact tests (go install, a few minutes the first time) ...`);
  const gopath = path.join(root, '.mnemo', 'go');
  mkdirSync(bin, { recursive: true });
  const started = Date.now();
  const result = spawnSync(go, ['install', `github.com/minio/minio@${MINIO_VERSION}`], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      GOBIN: bin,
      GOPATH: gopath,
      GOMODCACHE: path.join(gopath, 'mod'),
      GOCACHE: path.join(gopath, 'cache'),
      // The module cache read-write, so `rm -rf .mnemo` works without chmod.
      GOFLAGS: '-modcacherw',
    },
  });
  if (result.status !== 0) throw new Error(`go install github.com/minio/minio failed with exit code ${result.status}`);
  writeFileSync(stamp, MINIO_VERSION);
  say(`MinIO built in ${Math.round((Date.now() - started) / 1000)} s: ${minio}`);
  return minio;
}

// `node scripts/minio.mjs`: build it now (the tests' setup does the same).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureMinio(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), (line) =>
    console.log(`[mnemo] ${line}`),
  );
}
