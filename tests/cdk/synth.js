// Synthesizes the CDK apps named on the command line in this one Node process, each into
// OUTDIR/<app file name without .js>:  node synth.js OUTDIR APP.js...
// aws-cdk-lib takes seconds to load: once for all apps, not once per app. An app reads its output
// folder from process.argv[2], as when it runs alone.
const path = require('path');

const [outdir, ...apps] = process.argv.slice(2);
for (const app of apps) {
  process.argv = [process.argv[0], app, path.join(outdir, path.basename(app, '.js'))];
  require(path.resolve(app));
}
