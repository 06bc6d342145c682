/** The notices stack (bottom left of the screen area, clear of the screens' right-hand actions), announced politely. */
import { appStore } from '../state/app-state.js';
import { dismissNotice } from '../state/notices.js';
import { useSelect } from '../state/store.js';
import { Icon } from '../components/Icon.js';
import './Notices.css';

export function Notices() {
  const notices = useSelect(appStore, (s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`}>
          <Icon name={n.tone === 'bad' ? 'alert' : n.tone === 'good' ? 'check' : 'info'} />
          <div className="notice-text">
            <p>{n.message}</p>
            {n.hint && <p className="notice-hint">{n.hint}</p>}
            {n.action && (
              <a className="notice-action" href={n.action.href} onClick={() => dismissNotice(n.id)}>
                {n.action.label}
              </a>
            )}
          </div>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            <Icon name="x" />
          </button>
        </div>
      ))}
    </div>
  );
}
