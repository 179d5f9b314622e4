/** The plain-language texts of GET /api/content/portal (loaded once), with the catalogs as fallback. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ItemCount, type Level, type PortalContent } from './api.js';
import { currentLang, type Lang } from './i18n/index.js';

let cached: Promise<PortalContent | null> | null = null;

function loadContent(): Promise<PortalContent | null> {
  if (!cached)
    cached = api.content().catch(() => {
      cached = null;
      return null;
    });
  return cached;
}

type PerLang<T> = Partial<Record<Lang, T>> | undefined;

export interface Texts {
  loaded: boolean;
  itemName: (id: string) => string;
  itemExplain: (id: string) => string;
  itemHandled: (id: string, state: ItemCount['handled']) => string | null;
  itemCountermeasure: (id: string) => string | null;
  channelName: (id: string) => string;
  actionName: (id: string) => string;
  scenarioName: (id: string) => string;
  scenarioSummary: (id: string) => string | null;
  scenarioSteps: (id: string) => string[];
  scenarioCountermeasures: (id: string) => string[];
  scenarioFrequency: (id: string, rating: string) => string;
  scenarioImpact: (id: string, rating: string) => string;
  levelLabel: (level: Level) => string;
  levelText: (level: Level) => string | null;
  visibility: PortalContent['visibility'] | null;
  pick: <T>(v: PerLang<T>) => T | undefined;
}

export function useTexts(): Texts {
  const { t } = useTranslation();
  const [content, setContent] = useState<PortalContent | null>(null);
  useEffect(() => {
    let live = true;
    void loadContent().then((c) => live && setContent(c));
    return () => {
      live = false;
    };
  }, []);
  const lang = currentLang();
  return useMemo(() => makeTexts(content, lang, t), [content, lang, t]);
}

function makeTexts(
  content: PortalContent | null,
  lang: Lang,
  t: ReturnType<typeof useTranslation>['t'],
): Texts {
  const pick = <T>(v: PerLang<T>): T | undefined => v?.[lang] ?? v?.ja;
  const item = (id: string) => pick(content?.items?.[id]);
  const scen = (id: string) => pick(content?.scenarios?.[id]);
  const rating = (r: string) => pick(content?.ratings?.[r]) ?? t(`scenarios.freq.${r}`, { defaultValue: r });
  return {
    loaded: content !== null,
    itemName: (id) => item(id)?.name || t(`items.${id}`, { defaultValue: id }),
    itemExplain: (id) => item(id)?.explain || t(`itemExplain.${id}`, { defaultValue: '' }),
    itemHandled: (id, state) => {
      const h = item(id)?.handled;
      if (typeof h === 'string') return h;
      return h?.[state] ?? null;
    },
    itemCountermeasure: (id) => item(id)?.countermeasure ?? null,
    channelName: (id) => pick(content?.channels?.[id]) ?? t(`virus.channels.${id}`, { defaultValue: id }),
    actionName: (id) => pick(content?.actions?.[id]) ?? t(`events.actions.${id}`, { defaultValue: id }),
    scenarioName: (id) => scen(id)?.name || t(`scenarios.names.${id}`, { defaultValue: id }),
    scenarioSummary: (id) => scen(id)?.summary ?? null,
    scenarioSteps: (id) => (Array.isArray(scen(id)?.steps) ? (scen(id)?.steps ?? []) : []),
    scenarioCountermeasures: (id) =>
      Array.isArray(scen(id)?.countermeasures) ? (scen(id)?.countermeasures ?? []) : [],
    // The content's sentence already starts with the rating ("低：…").
    scenarioFrequency: (id, r) => scen(id)?.frequency ?? rating(r),
    scenarioImpact: (id, r) => scen(id)?.impact ?? rating(r),
    levelLabel: (level) => pick(content?.levels?.[level])?.label ?? t(`scenarios.levels.${level}`),
    levelText: (level) => pick(content?.levels?.[level])?.text ?? null,
    visibility: content?.visibility ?? null,
    pick,
  };
}
