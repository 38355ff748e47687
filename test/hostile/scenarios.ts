/** Scenario text for the hostile suite: one small closed-model run against `url` unless told. */
export type ScenarioParts = {
  name?: string;
  timeout?: string;
  stages?: string;
  extra?: string;
  requests?: string;
  target?: string;
  /** The `target.demo` mapping (demoScenario only). */
  demo?: string;
};

export function scenarioText(url: string, parts: ScenarioParts = {}): string {
  return `version: 1
name: ${parts.name ?? 'hostile'}
target:
${parts.target ?? `  url: ${url}`}
  timeout: ${parts.timeout ?? '1s'}
requests:
${parts.requests ?? '  - { name: home, path: / }'}
load:
  model: closed
  stages:
${parts.stages ?? '    - { duration: 1s, concurrency: 2 }'}
${parts.extra ?? ''}`;
}

/** The demo target, small and fast: the kill/signal cases need a child process to watch. */
export function demoScenario(parts: ScenarioParts = {}): string {
  return scenarioText('', { ...parts, target: `  demo: ${parts.demo ?? '{ pool: 4, hold: 5ms }'}` });
}
