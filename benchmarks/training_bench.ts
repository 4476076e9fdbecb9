// One full-batch training iteration of the seed's workload (forward,
// backward, update on 41,000 images), per backend, `js` as the baseline.
import { benchBackends, SAMPLES, seedTrainingSet, seedWorkload, SLOW } from "./_workload.ts";

const data = await seedTrainingSet();

for (const backend of benchBackends()) {
  const { net, batch } = seedWorkload(backend, data);
  Deno.bench({
    group: `training iteration (784-10-10, ${SAMPLES} images)`,
    name: backend.name,
    baseline: backend.name === "js",
    ...SLOW,
    fn: () => {
      net.trainStep(batch.X, batch.Y, { learningRate: 0.1 });
    },
  });
}
