/** Empty states, error banners, badges and spinners: every state says what it is and what to do next. */
import type { ReactNode } from 'react';
import type { ParityErrorData } from '../../../shared/errors.js';
import { Icon, type IconName } from './Icon.js';
import './Feedback.css';

export function EmptyState({ icon = 'info', title, children, action }: { icon?: IconName; title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <Icon name={icon} size={22} />
      <div className="empty-text">
        <p className="empty-title">{title}</p>
        {children && <div className="empty-body">{children}</div>}
      </div>
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

const CODE_TITLES: Partial<Record<ParityErrorData['code'], string>> = {
  BAD_MODEL: 'Not a usable model',
  BAD_IMAGE: 'Image problem',
  BAD_OPTION: 'Check the settings',
  NO_IMAGES: 'No usable images',
  MODEL_MISMATCH: 'Models do not match',
  UNSUPPORTED: 'Not supported',
  ORT_ERROR: 'ONNX Runtime error',
  IO_ERROR: 'File or network problem',
  CANCELLED: 'Cancelled',
  ENGINE_CRASHED: 'The engine stopped',
  ENGINE_HUNG: 'The engine stopped answering',
  INTERNAL: 'Something went wrong',
};

/** A ParityError as the user reads it: a title from its code, the one-line message and the hint. */
export function ErrorBanner({ error, action, onDismiss }: { error: ParityErrorData; action?: ReactNode; onDismiss?: () => void }) {
  const tone = error.code === 'CANCELLED' ? 'warn' : 'bad';
  return (
    <div className={`banner banner-${tone}`} role="alert">
      <Icon name="alert" size={18} />
      <div className="banner-text">
        <p className="banner-title">
          {CODE_TITLES[error.code] ?? 'Error'} <span className="banner-code">{error.code}</span>
        </p>
        <p className="banner-message">{error.message}</p>
        {error.hint && <p className="banner-hint">{error.hint}</p>}
      </div>
      {action}
      {onDismiss && (
        <button type="button" className="icon-btn" onClick={onDismiss} aria-label="Dismiss">
          <Icon name="x" />
        </button>
      )}
    </div>
  );
}

export function InfoBanner({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warn' | 'good' }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      <Icon name={tone === 'good' ? 'check' : 'info'} size={18} />
      <div className="banner-text">{children}</div>
    </div>
  );
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'good' | 'bad' | 'warn' | 'accent' | 'ref' | 'cand'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner-line" role="status">
      <span className="spinner" aria-hidden="true" />
      {label && <span>{label}</span>}
    </span>
  );
}
