import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../../../shared/domain/roles';
import { hashForPlace, placeIdFromHash } from '../../../../../renderer/src/features/qa/qa-places';
import { audioAddress } from '../../../../../renderer/src/features/qa/use-recording';
import { changedScores, itemScores, liveScore, unscoredItems } from '../../../../../renderer/src/features/qa/scorecard-model';
import { PANES_BY_ROLE, paneFromHash } from '../../../../../renderer/src/features/workspace/panes';
import { scorecard } from './qa-fixtures';

describe('the QA panes by role', () => {
  it('gives 我的质检 to those whose calls are sampled and 质检管理 to the assessors and those who run or configure the center', () => {
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('evaluations'))).toEqual(['agent', 'callback']);
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('quality'))).toEqual(['qa', 'supervisor', 'manager', 'admin']);
    expect(ROLES.filter((role) => PANES_BY_ROLE[role].includes('reviewQueue'))).toEqual(['qa']);
  });

  it('opens an assessor on their queue with 质检管理 right after it, where they sample and calibrate', () => {
    expect(PANES_BY_ROLE.qa.slice(0, 2)).toEqual(['reviewQueue', 'quality']);
  });

  it('keeps a review in the hash after the pane slug so a reload opens it again', () => {
    const id = '0193a1b2-0000-7000-8000-00000000e001';
    expect(hashForPlace('review-queue', id)).toBe(`#/review-queue/${id}`);
    expect(paneFromHash(hashForPlace('review-queue', id), PANES_BY_ROLE.qa)).toBe('reviewQueue');
    expect(placeIdFromHash(`#/review-queue/${id}`, 'review-queue')).toBe(id);
    expect(placeIdFromHash('#/review-queue', 'review-queue')).toBeNull();
    expect(placeIdFromHash(`#/quality/${id}`, 'review-queue')).toBeNull();
    expect(placeIdFromHash('#/evaluations/%E0%A4%A', 'evaluations')).toBeNull();
  });
});

describe('audioAddress', () => {
  it('resolves the ticket against the hub when the console runs apart from it, and leaves it relative in web mode', () => {
    expect(audioAddress('http://10.0.0.5:8790', '/api/v1/recordings/x/audio?ticket=t')).toBe('http://10.0.0.5:8790/api/v1/recordings/x/audio?ticket=t');
    expect(audioAddress('', '/api/v1/recordings/x/audio?ticket=t')).toBe('/api/v1/recordings/x/audio?ticket=t');
  });
});

describe('scorecard-model', () => {
  const definition = scorecard.definition;

  it('sends scored items in the card order and leaves out those not scored yet', () => {
    expect(itemScores(definition, { privacy: 1, greeting: null })).toEqual([
      { itemId: 'greeting', value: null },
      { itemId: 'privacy', value: 1 },
    ]);
    expect(unscoredItems(definition, { privacy: 1, greeting: null })).toEqual(['verify']);
  });

  it('scores zero when a fatal item fails', () => {
    expect(liveScore(definition, { greeting: 5, verify: 10, privacy: 0 })).toMatchObject({ total: 0, fatal: true });
  });

  it('lists only the items a correction changes', () => {
    expect(changedScores(definition, { greeting: 4, verify: 10, privacy: 1 }, { greeting: 4, verify: 8, privacy: 1 })).toEqual([{ itemId: 'verify', value: 8 }]);
  });
});
