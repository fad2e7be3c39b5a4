import type { IncidentDomain } from '../contracts/incident-enums.js';

/**
 * The incident category taxonomy, per domain, with labels in Finnish, Swedish and English.
 * Data, not code: add a category by adding an entry. Keys are stable (they are stored and exchanged).
 */
export interface Category {
  key: string;
  /** null: fits every domain. */
  domain: IncidentDomain | null;
  label: { fi: string; sv: string; en: string };
}

export const incidentCategories: readonly Category[] = [
  // Information influence
  {
    key: 'disinformation_narrative',
    domain: 'information_influence',
    label: { fi: 'Disinformaatiokertomus', sv: 'Desinformationsnarrativ', en: 'Disinformation narrative' },
  },
  {
    key: 'impersonation',
    domain: 'information_influence',
    label: {
      fi: 'Toisena henkilönä tai tahona esiintyminen',
      sv: 'Identitetsförfalskning',
      en: 'Impersonation',
    },
  },
  {
    key: 'fake_campaign_material',
    domain: 'information_influence',
    label: {
      fi: 'Väärennetty vaalimateriaali',
      sv: 'Förfalskat kampanjmaterial',
      en: 'Fake campaign material',
    },
  },
  {
    key: 'deepfake',
    domain: 'information_influence',
    label: { fi: 'Syväväärennös', sv: 'Deepfake', en: 'Deepfake' },
  },
  {
    key: 'hack_and_leak',
    domain: 'information_influence',
    label: {
      fi: 'Murretun aineiston vuotaminen ja levittäminen',
      sv: 'Spridning av hackat och läckt material',
      en: 'Hack-and-leak amplification',
    },
  },
  {
    key: 'coordinated_inauthentic_behaviour',
    domain: 'information_influence',
    label: {
      fi: 'Koordinoitu epäaito toiminta',
      sv: 'Samordnat icke-autentiskt beteende',
      en: 'Coordinated inauthentic behaviour',
    },
  },
  {
    key: 'voter_suppression_messaging',
    domain: 'information_influence',
    label: {
      fi: 'Äänestämästä lannistava viestintä',
      sv: 'Budskap som avskräcker från att rösta',
      en: 'Voter suppression messaging',
    },
  },
  // Cyber
  {
    key: 'denial_of_service',
    domain: 'cyber',
    label: { fi: 'Palvelunestohyökkäys', sv: 'Överbelastningsattack', en: 'Denial of service' },
  },
  { key: 'phishing', domain: 'cyber', label: { fi: 'Tietojenkalastelu', sv: 'Nätfiske', en: 'Phishing' } },
  { key: 'intrusion', domain: 'cyber', label: { fi: 'Tietomurto', sv: 'Intrång', en: 'Intrusion' } },
  {
    key: 'defacement',
    domain: 'cyber',
    label: { fi: 'Verkkosivun sisällön muuttaminen', sv: 'Klottring av webbplats', en: 'Defacement' },
  },
  { key: 'data_leak', domain: 'cyber', label: { fi: 'Tietovuoto', sv: 'Dataläcka', en: 'Data leak' } },
  { key: 'malware', domain: 'cyber', label: { fi: 'Haittaohjelma', sv: 'Skadlig kod', en: 'Malware' } },
  // Physical
  {
    key: 'threats_to_candidates_or_officials',
    domain: 'physical',
    label: {
      fi: 'Ehdokkaiden tai vaalivirkailijoiden uhkailu tai häirintä',
      sv: 'Hot mot eller trakasserier av kandidater eller valfunktionärer',
      en: 'Threats or harassment of candidates or officials',
    },
  },
  {
    key: 'polling_station_disruption',
    domain: 'physical',
    label: {
      fi: 'Häiriö äänestyspaikalla',
      sv: 'Störning vid röstningsställe',
      en: 'Disruption at a polling station',
    },
  },
  {
    key: 'campaign_material_damage',
    domain: 'physical',
    label: {
      fi: 'Vaalimainosten vahingoittaminen',
      sv: 'Skadegörelse på valreklam',
      en: 'Damage to campaign material',
    },
  },
  // Process
  {
    key: 'voter_register_error',
    domain: 'process',
    label: { fi: 'Virhe äänioikeusrekisterissä', sv: 'Fel i rösträttsregistret', en: 'Voter register error' },
  },
  {
    key: 'ballot_or_logistics_error',
    domain: 'process',
    label: {
      fi: 'Äänestyslippu- tai logistiikkavirhe',
      sv: 'Fel i valsedlar eller logistik',
      en: 'Ballot or logistics error',
    },
  },
  {
    key: 'results_service_failure',
    domain: 'process',
    label: { fi: 'Tulospalvelun häiriö', sv: 'Störning i resultattjänsten', en: 'Results service failure' },
  },
  // Any domain: for what does not fit yet
  { key: 'other', domain: null, label: { fi: 'Muu', sv: 'Annat', en: 'Other' } },
];

export const categoryByKey = new Map(incidentCategories.map((c) => [c.key, c]));

/** A category fits an incident when it belongs to one of its domains; `other` fits any. */
export const categoryFits = (key: string, domains: readonly IncidentDomain[]): boolean => {
  const category = categoryByKey.get(key);
  return category !== undefined && (category.domain === null || domains.includes(category.domain));
};
