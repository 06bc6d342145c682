/** Half 1 of the model zoo (models.json entries at even indexes); see zoo-suite.ts. */
import { describeZooHalf } from './zoo-suite.js';

describeZooHalf(0);
