/** Half 2 of the model zoo (models.json entries at odd indexes); see zoo-suite.ts. */
import { describeZooHalf } from './zoo-suite.js';

describeZooHalf(1);
