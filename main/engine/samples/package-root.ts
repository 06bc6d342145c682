/** The folder holding Parity's package.json; samples/ and node_modules/ are found from it. */
export { projectRoot as parityPackageRoot } from '../env/project-root.js';
