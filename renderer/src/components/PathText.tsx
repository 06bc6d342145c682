/** A host path shown compactly: the file name strong, the folder muted, the whole path in the tooltip. */
import { baseName, dirName } from '../format/paths.js';
import './PathText.css';

export function PathText({ path }: { path: string }) {
  return (
    <span className="path" title={path}>
      <span className="path-name">{baseName(path)}</span>
      <span className="path-dir truncate">{dirName(path)}</span>
    </span>
  );
}
