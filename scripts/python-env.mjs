// The Python side of the tests: a venv in .mnemo/venv with the real mlflow and openlineage-python
// clients, pytest (compat/requirements.txt) and the SDK (sdk/python, editable). Rebuilt only when the
// requirements or the SDK's pyproject.toml change.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function ensurePythonEnv(root, say) {
  const venv = path.join(root, '.mnemo', 'venv');
  const python = path.join(venv, 'bin', 'python');
  const requirements = path.join(root, 'compat', 'requirements.txt');
  const stamp = path.join(venv, '.mnemo-requirements-digest');
  const sdk = path.join(root, 'sdk', 'python');
  const wanted = createHash('sha256')
    .update(readFileSync(requirements))
    .update(readFileSync(path.join(sdk, 'pyproject.toml')))
    .digest('hex');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return python;
  say('creating the Python venv for the compatibility tests (mlflow, openlineage-python, dbt-ol, pytest) ...');
  const steps = [
    ['python3', ['-m', 'venv', venv]],
    [python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]],
    [python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-e', sdk]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
  writeFileSync(stamp, wanted);
  return python;
}
