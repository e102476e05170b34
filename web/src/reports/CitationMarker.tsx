import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Citation } from '../api/types';

/** `[n]` after a sentence: hover or focus previews the quoted source; click opens the entry. */
export function CitationMarker({
  citation,
  number,
  onOpen,
}: {
  citation: Citation;
  number: number;
  onOpen: (citation: Citation) => void;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState(false);
  const id = useId();
  return (
    <span className="cite-wrap">
      <button
        type="button"
        className="cite"
        aria-label={t('report.sourceNumber', { n: number })}
        aria-describedby={preview ? id : undefined}
        onMouseEnter={() => setPreview(true)}
        onMouseLeave={() => setPreview(false)}
        onFocus={() => setPreview(true)}
        onBlur={() => setPreview(false)}
        onKeyDown={(event) => event.key === 'Escape' && setPreview(false)}
        onClick={() => onOpen(citation)}
      >
        {number}
      </button>
      {preview && (
        <span role="tooltip" id={id} className="cite-preview">
          “{citation.quote}”
        </span>
      )}
    </span>
  );
}
