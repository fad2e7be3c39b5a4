import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { localisedName } from '../../lib/format.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import { useLiveUpdates } from '../../lib/live.js';
import { useSignedInUser } from '../../lib/session.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import { CountsPanel } from './counts-panel.js';
import { usePhaseWords } from './phase-words.js';
import { SituationMap } from './situation-map.js';
import { defaultMapLevel } from './situation-search.js';
import { ThreatLevelsSlot } from './threat-levels-slot.js';
import { TimelineChart } from './timeline-chart.js';
import { useAreaNames, useSituation, useUpdatedAt } from './use-situation.js';
import { WhatChanged } from './what-changed.js';
import '../../components/data-table.css';
import './situation.css';

const panels = ['map', 'timeline', 'counts', 'changes'] as const;
type Panel = (typeof panels)[number];
const ROTATE_MS = 20_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "What changed" on the wall is the last 24 hours, moving with each refresh. */
const rollingDay = { key: 'last-24h', at: () => new Date(Date.now() - DAY_MS).toISOString() };

const Clock = () => {
  const locale = useLocale();
  const { timeZone } = useSignedInUser();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const format = useMemo(
    () =>
      new Intl.DateTimeFormat(localeTags[locale], {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    [locale, timeZone],
  );
  return (
    <time className="wall__clock" dateTime={now.toISOString()}>
      {format.format(now)}
    </time>
  );
};

/**
 * The election-night room's screen: dark, large type, the panels in turn every 20 seconds with no one
 * at the keyboard. Pointing at it or moving focus into it pauses the turning (so that it can be read
 * and used), and so does the pause button; with reduced motion the panels change without fading.
 */
export const WallPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const words = usePhaseWords();
  const { electionId = '' } = useParams();
  useLiveUpdates();
  const areaName = useAreaNames();
  const view = useMemo(() => ({ area: null, mapLevel: defaultMapLevel, bucket: null }), []);
  const situation = useSituation(electionId, view, rollingDay);
  const updatedAt = useUpdatedAt(situation.dataUpdatedAt);
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const running = !paused && !hovered && !focused;

  usePageTitle(t('situation.wall.title'));

  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => setIndex((i) => (i + 1) % panels.length), ROTATE_MS);
    return () => clearTimeout(timer);
  }, [running, index]);

  const data = situation.data;
  const panel: Panel = panels[index]!;

  const body = (() => {
    if (!data)
      return (
        <p className="wall__message">
          {situation.error ? t('situation.wall.failed') : t('situation.wall.loading')}
        </p>
      );
    switch (panel) {
      case 'map':
        return <SituationMap map={data.map} areaName={areaName} selected={null} tone="dark" />;
      case 'timeline':
        return <TimelineChart timeline={data.timeline} timeZone={me.timeZone} tone="dark" />;
      case 'counts':
        return (
          <div className="wall__counts">
            <ThreatLevelsSlot electionId={data.election.id} />
            <CountsPanel counts={data.counts} electionId={data.election.id} area={null} linked={false} />
          </div>
        );
      case 'changes':
        return (
          <WhatChanged
            changes={data.changes}
            timeZone={me.timeZone}
            picked={false}
            sinceNote="rolling"
            interactive={false}
          />
        );
    }
  })();

  return (
    <div
      ref={root}
      className="wall"
      data-panel={panel}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!root.current?.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <header className="wall__header">
        <div>
          <h1 className="wall__title">
            {data ? localisedName(data.election.name, locale) : t('situation.wall.title')}
          </h1>
          {data ? <p className="wall__phase">{words(data.election, data.election.phaseStatus)}</p> : null}
        </div>
        <div className="wall__time">
          <Clock />
          <p className="wall__updated">{updatedAt ? t('situation.updated', { time: updatedAt }) : null}</p>
        </div>
      </header>
      <nav className="wall__controls" aria-label={t('situation.wall.panels')}>
        <ul className="wall__tabs">
          {panels.map((id, i) => (
            <li key={id}>
              <button
                type="button"
                className="wall__tab"
                aria-current={i === index || undefined}
                onClick={() => setIndex(i)}
              >
                {t(`situation.wall.panel.${id}`)}
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="wall__pause"
          aria-pressed={paused}
          onClick={() => setPaused((p) => !p)}
        >
          {paused ? t('situation.wall.resume') : t('situation.wall.pause')}
        </button>
        <span className="wall__state">
          {running ? t('situation.wall.rotating') : t('situation.wall.paused')}
        </span>
        <Link className="wall__exit" to={`/situation/${electionId}`}>
          {t('situation.wall.exit')}
        </Link>
      </nav>
      <main id="main" className="wall__panel" key={panel}>
        {body}
      </main>
    </div>
  );
};
