import { useTranslation } from 'react-i18next';
import { useLocationHash } from '../workspace/use-hash-pane';
import { hashForPlace, placeIdFromHash } from './qa-places';
import { ReviewQueue } from './review-queue';
import { ReviewWorkspace } from './review-workspace';

const SLUG = 'review-queue';

/** The assessor's pane (质检队列): the reviews assigned to me; one opened is scored in its workspace. */
export function QaPane() {
  const { t } = useTranslation();
  const hash = useLocationHash();
  const reviewId = placeIdFromHash(hash, SLUG);
  const go = (id: string | null) => {
    window.location.hash = hashForPlace(SLUG, id);
  };
  if (reviewId !== null) return <ReviewWorkspace key={reviewId} reviewId={reviewId} mode="assess" onBack={() => go(null)} />;
  return (
    <section aria-label={t('qa.queue.title')}>
      <ReviewQueue scope="mine" onOpen={go} />
    </section>
  );
}
