/** The host kit: what the web host, Electron main and the CLI's `serve` share. */
export { HostService, type HostServiceOptions, type EngineVersions, type ReportFormat } from './host-service.js';
export { invokeHostMethod, isHostMethod, sharedHandlers, type HostHandlers, type HostMethodParams, type HostSpecificMethods } from './host-methods.js';
export { AllowedRoots } from './allowed-roots.js';
export { isInside, realLocation, resolveInside } from './path-scope.js';
export { RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';
export { parityInstall, rendererDist } from './install-root.js';
export { writeFileAtomic, copyFileAtomic } from '../engine/index.js';
export { rendererCsp, runAssetCsp } from './csp.js';
export { RUN_ID_PATTERN } from './run-id.js';
export { RUN_ASSET_MARKERS } from './run-folders.js';
export { contentTypeFor } from './content-types.js';
export { decodePathSegments } from './url-path.js';
