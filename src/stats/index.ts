/**
 * The numeric leaf (DESIGN §2): pure functions of numbers, imported by analyze/, gate/,
 * record/ and report/, importing nothing of the project.
 */
export { createRng, type Rng } from './rng.js';
export { MAD_SCALE, madOf, mean, medianOf, percentileInterval, quantileSorted, variance } from './order.js';
export { crossingX, olsLine, olsSlope } from './ols.js';
export { normalQuantile, wilsonLower } from './normal.js';
export { incompleteBeta, inverseIncompleteBeta, logGamma, studentTQuantile, welchDf } from './student-t.js';
export { minimizeBounded, type Bounds } from './nelder-mead.js';
