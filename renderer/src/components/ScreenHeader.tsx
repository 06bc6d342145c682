/** The screen's title (focused on navigation), a one-line context and the screen's main actions. */
import type { ReactNode } from 'react';

export function ScreenHeader({ title, sub, actions }: { title: ReactNode; sub?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="screen-head">
      <div className="screen-titles">
        <h1 tabIndex={-1}>{title}</h1>
        {sub && <p className="sub">{sub}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </header>
  );
}
