/** The commented starter scenario that `capplan init` writes (it validates as is). */
export const STARTER_SCENARIO = `# capplan scenario (format v1). Reference: the "Scenarios" section of capplan's README
# Check it:   capplan validate capplan.yml
# See plan:   capplan inspect capplan.yml
# Run it:     capplan run capplan.yml
version: 1
name: my-service                 # used in report folder names

target:
  # Your service: scheme, host, port (and an optional base path).
  # url: http://127.0.0.1:8080
  # Or the embedded demo target: an HTTP service with a bounded connection pool,
  # started on 127.0.0.1 for the run. Remove "demo" when you set "url".
  demo: { pool: 20, hold: 50ms, acquireTimeout: 500ms }
  timeout: 5s                    # per request; slower counts as a timeout error
  # headers: { authorization: "Bearer \${env.API_TOKEN}" }   # from the environment, redacted in reports
  # tls: { ca: ca.pem }          # https with a private CA; or { insecure: true } for a self-signed test service;
  #                              # cert/key for mutual TLS, servername when the URL is an IP (docs/flows.md)

requests:                        # a weighted mix; one is picked per request
  - name: get-item
    path: /items/{{rand 1 1000}} # templates: {{seq}} {{uuid}} {{rand A B}}
    weight: 3
  - name: create-order
    method: POST
    path: /orders
    json: { sku: "A-{{seq}}", qty: 1 }
    expect: { status: [200, 201] }

# Or flows instead of requests: steps one virtual user runs in turn, with values captured
# from a response for later steps, and a data file feeding {{data.COLUMN}} (docs/flows.md).
# data: { file: users.csv, order: sequential }   # CSV with a header row; or random, unique
# flows:
#   - name: buyer
#     weight: 1
#     steps:
#       - { name: login, method: POST, path: /login, json: { user: "{{data.user}}" }, capture: { token: "$.token" } }
#       - { name: orders, path: /orders, headers: { authorization: "Bearer {{vars.token}}" }, think: 100ms }

load:
  model: closed                  # closed: virtual users back to back; open: arrivals per second
  # Find the knee by an adaptive search: a 2s probe at 1 user, 1s levels doubling while
  # throughput scales, then 2s levels around the fitted knee until its 95% CI is within
  # +/-10% (or 20s of load, or 128 users). \`capplan inspect\` shows the bounds.
  sweep: { adaptive: true, from: 1, to: 128, precision: 10%, maxDuration: 20s }
  # Or a fixed sweep: 1, 2, 4, ... 64, each level 1s warm-up + 3s measured, then
  # refinement levels inside the knee bracket.
  # sweep: { from: 1, to: 64, spacing: geometric, hold: 3s, warmup: 1s, refine: 3, stopAfterKnee: true }
  # Or a traffic shape (use either sweep or stages):
  # stages:
  #   - { duration: 10s, concurrency: 10 }    # hold
  #   - { duration: 5s, rampTo: 80 }          # ramp from the previous level
  #   - { duration: 15s, concurrency: 80, name: spike }
  #   - { duration: 15s, concurrency: 10, name: recovery }

slo: { p99: 300ms, errorRate: 1% }       # checked per level and overall (exit 1 when missed)
stop: { errorRate: 50%, window: 10s }    # safety stop: abort when the service is clearly down

# plan: { peakRate: 400, p99: 250ms }    # planner: headroom and recommended pool size
# probes:
#   - { prometheus: /metrics, every: 1s }  # a path = on the target (the demo target has /metrics)
`;
