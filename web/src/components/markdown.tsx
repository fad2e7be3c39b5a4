import ReactMarkdown, { type Components } from 'react-markdown';

const safeScheme = /^(https?:|mailto:)/i;
const mentionScheme = /^user:[0-9a-f-]{36}$/i;

/**
 * Only web and mail links survive; `user:<uuid>` is kept for mentions, which render as a name and
 * never as a link. Everything else (javascript:, data:, relative paths) loses its address.
 */
export const safeUrl = (url: string): string | null => {
  const trimmed = url.trim();
  if (safeScheme.test(trimmed) || mentionScheme.test(trimmed)) return trimmed;
  return null;
};

const components: Components = {
  a: ({ href, children }) => {
    if (!href) return <span>{children}</span>;
    if (mentionScheme.test(href)) return <span className="markdown__mention">{children}</span>;
    return (
      <a href={href} rel="noopener noreferrer" target="_blank">
        {children}
      </a>
    );
  },
  // Images would load from anywhere the author chose; they are shown as links instead.
  img: ({ src, alt }) =>
    typeof src === 'string' && safeScheme.test(src) ? (
      <a href={src} rel="noopener noreferrer" target="_blank">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
};

/**
 * Markdown written by users (descriptions, comments). Raw HTML in the text is never interpreted:
 * react-markdown shows it as text unless rehype-raw is added, which it must never be.
 */
export const Markdown = ({ children, className }: { children: string; className?: string }) => (
  <div className={['markdown', className].filter(Boolean).join(' ')}>
    <ReactMarkdown components={components} urlTransform={(url) => safeUrl(url)}>
      {children}
    </ReactMarkdown>
  </div>
);
