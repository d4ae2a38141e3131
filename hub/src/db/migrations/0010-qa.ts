import type { Migration } from './migration';

/*
 * Quality assessment (issue 9, DOMAIN.md §1 质量控制室): scorecards as versioned configuration, the
 * sampling rules and runs, the review queue, evaluations and their audit trail of corrections, and
 * calibration. Recordings (0009) are joined by call id when reading, never referenced by key: a
 * review outlives nothing it does not own. As before, enumerations are spelled out here.
 */

/*
 * The scorecard every center starts with. Written out here, not imported: a migration that shipped
 * must insert the same card forever, whatever the code's defaults become.
 */
const text = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const item = (id: string, zh: string, en: string, weight: number, guideZh: string, guideEn: string) => ({
  id,
  label: text(zh, en),
  guide: text(guideZh, guideEn),
  weight,
  fatal: false,
});
const STARTER_SCORECARD = {
  name: text('通话质量评分表', 'Call quality scorecard'),
  sections: [
    {
      id: 'opening',
      label: text('开场与身份核实', 'Opening and identity check'),
      items: [
        item('greeting', '标准开场白', 'Standard greeting', 10, '问候、报工号、询问需求', 'Greets, gives the staff number, asks how to help'),
        item('identity', '核实客户身份', 'Identity check', 10, '办理业务前按规定核实身份', 'Checks identity as required before acting'),
      ],
    },
    {
      id: 'handling',
      label: text('业务处理', 'Handling'),
      items: [
        item('needs', '准确理解客户需求', 'Understands the need', 10, '复述并确认客户诉求', 'Restates and confirms what the customer wants'),
        item('accuracy', '解答准确完整', 'Accurate, complete answer', 20, '信息正确、无遗漏、不误导', 'Correct, complete, never misleading'),
        item('procedure', '按流程操作', 'Follows the procedure', 10, '工单、记录、转接符合流程', 'Tickets, notes and transfers as the procedure says'),
        item('hold', '保持与转接规范', 'Hold and transfer etiquette', 5, '保持前告知并致谢，转接前说明', 'Asks before holding, thanks after; explains a transfer'),
      ],
    },
    {
      id: 'attitude',
      label: text('服务态度', 'Attitude'),
      items: [
        item('courtesy', '礼貌用语', 'Courtesy', 10, '使用礼貌用语，语气友好', 'Polite words, friendly tone'),
        item('patience', '耐心倾听', 'Patience', 10, '不打断客户，不催促', 'Does not interrupt or rush the customer'),
        item('empathy', '安抚与同理心', 'Empathy', 5, '对客户情绪及时回应安抚', 'Acknowledges and calms the customer'),
      ],
    },
    {
      id: 'closing',
      label: text('结束语', 'Closing'),
      items: [
        item('recap', '确认处理结果', 'Recap', 5, '总结处理结果与后续安排', 'Sums up the outcome and what happens next'),
        item('farewell', '标准结束语', 'Standard farewell', 5, '询问是否还有其他需要并致谢', 'Asks if there is anything else, thanks the customer'),
      ],
    },
    {
      id: 'red-lines',
      label: text('红线项', 'Red lines'),
      items: [
        { id: 'data-leak', label: text('泄露客户信息', 'Leaks customer data'), guide: text('向无关人员透露客户资料即为不合格', 'Telling anyone else the customer’s data fails the call'), weight: 1, fatal: true },
        { id: 'abuse', label: text('辱骂或顶撞客户', 'Abuses or talks back to the customer'), guide: text('辱骂、讽刺或与客户争吵即为不合格', 'Insults, sarcasm or arguing fail the call'), weight: 1, fatal: true },
      ],
    },
  ],
};

export const qa: Migration = {
  version: 10,
  name: 'qa',
  statements: [
    // A new version per edit; evaluations name the version they were scored on, so an edit never
    // rescales old scores. `active` is per version: the latest version decides.
    `create table qa_scorecards (
      id text not null check (id ~ '^[a-z][a-z0-9_-]{0,39}$'),
      version int not null check (version > 0),
      active boolean not null,
      definition jsonb not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (id, version)
    )`,
    `insert into qa_scorecards (id, version, active, definition, updated_at, updated_by)
     values ('call-quality', 1, true, '${JSON.stringify(STARTER_SCORECARD).replaceAll("'", "''")}'::jsonb, now(), 'system')`,
    // One row: the center's sampling rules. No row yet means the hub's defaults (qa/qa-settings.ts).
    `create table qa_settings (
      id boolean primary key default true check (id),
      sampling_rules jsonb not null,
      updated_at timestamptz not null,
      updated_by text not null
    )`,
    `create table qa_sampling_runs (
      id uuid primary key,
      from_date date not null,
      to_date date not null,
      department_code text,
      seed text not null,
      rules jsonb not null,
      candidates int not null check (candidates >= 0),
      picked int not null check (picked >= 0),
      by_reason jsonb not null,
      created_at timestamptz not null,
      created_by text not null
    )`,
    `create index qa_sampling_runs_created_idx on qa_sampling_runs (created_at desc)`,
    `create table qa_calibrations (
      id uuid primary key,
      call_id uuid not null,
      created_at timestamptz not null,
      created_by text not null
    )`,
    `create index qa_calibrations_call_idx on qa_calibrations (call_id)`,
    // One review per call and assessor. A call is sampled once (the partial unique index), however
    // many runs cover its day; calibration reviews of it come on top. agent_id is copied from the
    // call log: the queue lists by agent without reading call records. The scorecard version is
    // fixed when the review is made, so an assessor scores what the queue showed them.
    `create table qa_reviews (
      id uuid primary key,
      call_id uuid not null,
      agent_id uuid not null references users (id),
      assessor_id uuid not null references users (id),
      reasons text[] not null check (cardinality(reasons) > 0 and reasons <@ array['random', 'low_satisfaction', 'complaint', 'short_call', 'long_call', 'long_hold', 'manual']),
      run_id uuid references qa_sampling_runs (id),
      calibration_id uuid references qa_calibrations (id),
      scorecard_id text not null,
      scorecard_version int not null,
      sampled_at timestamptz not null,
      foreign key (scorecard_id, scorecard_version) references qa_scorecards (id, version)
    )`,
    `create unique index qa_reviews_sampled_once_idx on qa_reviews (call_id) where calibration_id is null`,
    `create unique index qa_reviews_calibration_idx on qa_reviews (calibration_id, assessor_id) where calibration_id is not null`,
    `create index qa_reviews_assessor_idx on qa_reviews (assessor_id, sampled_at desc)`,
    `create index qa_reviews_agent_idx on qa_reviews (agent_id)`,
    // The evaluation of a review. total and fatal are stored as computed (shared/qa/scoring.ts) so
    // the figures aggregate in SQL; version counts every save and correction (optimistic locking).
    `create table qa_evaluations (
      id uuid primary key,
      review_id uuid not null unique references qa_reviews (id),
      version int not null check (version > 0),
      status text not null check (status in ('draft', 'submitted')),
      scores jsonb not null,
      comments jsonb not null,
      summary text not null,
      total numeric(4, 1) check (total between 0 and 100),
      fatal boolean not null,
      submitted_at timestamptz,
      agent_response text not null default 'pending' check (agent_response in ('pending', 'acknowledged', 'disputed')),
      agent_response_at timestamptz,
      agent_response_note text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((status = 'submitted') = (submitted_at is not null)),
      check (status = 'submitted' or agent_response = 'pending')
    )`,
    `create index qa_evaluations_submitted_idx on qa_evaluations (submitted_at) where status = 'submitted'`,
    // The audit trail: what a supervisor changed after submission, why, and the agent's response it
    // set aside (a correction asks the agent to respond again).
    `create table qa_evaluation_corrections (
      id uuid primary key,
      evaluation_id uuid not null references qa_evaluations (id),
      at timestamptz not null,
      by_user_id uuid not null references users (id),
      reason text not null,
      changes jsonb not null,
      total_before numeric(4, 1),
      total_after numeric(4, 1),
      version_after int not null,
      response_before jsonb not null
    )`,
    `create index qa_evaluation_corrections_evaluation_idx on qa_evaluation_corrections (evaluation_id, at)`,
    // Append-only, whatever code or hand runs against the database.
    `create function qa_corrections_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'qa_evaluation_corrections is append-only';
    end $$`,
    `create trigger qa_evaluation_corrections_append_only before update or delete on qa_evaluation_corrections
      for each row execute function qa_corrections_append_only()`,
  ],
};
