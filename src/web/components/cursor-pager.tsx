/** Paging through a newest-first list by server cursors: `cursors` holds one per page seen (null: the first). */
import { useTranslation } from 'react-i18next';

export function CursorPager({
  cursors,
  onChange,
  nextCursor,
  withFirst = false,
}: {
  cursors: readonly (string | null)[];
  onChange: (cursors: (string | null)[]) => void;
  nextCursor: string | null | undefined;
  withFirst?: boolean;
}) {
  const { t } = useTranslation();
  const page = cursors.length - 1;
  return (
    <div className="pager">
      {withFirst ? (
        <button type="button" disabled={page === 0} onClick={() => onChange([null])}>
          {t('events.first')}
        </button>
      ) : null}
      <button type="button" disabled={page === 0} onClick={() => onChange(cursors.slice(0, -1))}>
        {t('events.prev')}
      </button>
      <span>{t('events.page', { page: page + 1 })}</span>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && onChange([...cursors, nextCursor])}
      >
        {t('events.next')}
      </button>
    </div>
  );
}
