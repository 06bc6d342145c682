/** A titled panel; the title is a heading so screen readers can jump between cards. */
import type { ReactNode } from 'react';
import './Card.css';

export function Card({
  title,
  subtitle,
  actions,
  children,
  className,
  level = 2,
  id,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  level?: 2 | 3;
  id?: string;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={title && id ? `${id}-title` : undefined} id={id}>
      {(title || actions) && (
        <header className="card-head">
          <div className="card-titles">
            {title && (
              <Heading className="card-title" id={id ? `${id}-title` : undefined}>
                {title}
              </Heading>
            )}
            {subtitle && <p className="card-sub">{subtitle}</p>}
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}
