import type { LocalisedName } from '../contracts/common.js';

export const phaseKeys = [
  'support_cards_from',
  'campaign_period_start',
  'seats_per_district_confirmed',
  'postal_voting_orders_open',
  'eu_citizen_registration_deadline',
  'voting_register_data_date',
  'candidate_application_deadline',
  'candidates_confirmed',
  'voting_notices_sent_by',
  'advance_voting_ships',
  'voting_register_final',
  'home_voting_registration_deadline',
  'advance_voting_finland',
  'advance_voting_abroad',
  'postal_votes_arrival_deadline',
  'election_day',
  'checking_count',
  'results_confirmed',
  'government_declares_result',
  'appeal_period',
  'councils_start',
] as const;
export type PhaseKey = (typeof phaseKeys)[number];

export const isPhaseKey = (value: string): value is PhaseKey =>
  (phaseKeys as readonly string[]).includes(value);

/** The statutory phases in Finnish, Swedish and English, as vaalit.fi and the Election Act name them. */
export const phaseLabels: Record<PhaseKey, LocalisedName> = {
  support_cards_from: {
    fi: 'Valitsijayhdistysten kannattajakorttien keruu voi alkaa',
    sv: 'Valmansföreningarna får börja samla in stödförklaringar',
    en: 'Constituency associations may start collecting support cards',
  },
  campaign_period_start: {
    fi: 'Vaalirahoituslain mukainen kampanja-aika alkaa',
    sv: 'Valkampanjtiden enligt lagen om kandidaters valfinansiering börjar',
    en: 'Campaign period (Election Funding Act) begins',
  },
  seats_per_district_confirmed: {
    fi: 'Kansanedustajapaikkojen jako vaalipiireittäin vahvistetaan',
    sv: 'Fördelningen av riksdagsmandaten mellan valkretsarna fastställs',
    en: 'Number of seats per electoral district confirmed',
  },
  postal_voting_orders_open: {
    fi: 'Kirjeäänestysasiakirjojen tilaus alkaa',
    sv: 'Beställningen av brevröstningshandlingar börjar',
    en: 'Ordering of postal voting documents starts',
  },
  eu_citizen_registration_deadline: {
    fi: 'EU-kansalaisten ilmoittautuminen äänioikeusrekisteriin',
    sv: 'Sista dag för andra EU-medborgare att anmäla sig till rösträttsregistret',
    en: 'Deadline for other EU citizens resident in Finland to register',
  },
  voting_register_data_date: {
    fi: 'Äänioikeusrekisterin tiedot määräytyvät',
    sv: 'Skäringsdag för uppgifterna i rösträttsregistret',
    en: 'Voting register data date',
  },
  candidate_application_deadline: {
    fi: 'Ehdokashakemukset viimeistään',
    sv: 'Kandidatansökningarna ska lämnas in senast',
    en: 'Deadline for candidate applications',
  },
  candidates_confirmed: {
    fi: 'Ehdokasasettelun vahvistaminen',
    sv: 'Kandidatuppställningen fastställs',
    en: 'Nomination of candidates confirmed',
  },
  voting_notices_sent_by: {
    fi: 'Äänioikeusilmoitukset lähetetään viimeistään',
    sv: 'Meddelandena om rösträtt skickas senast',
    en: 'Notices of right to vote sent by',
  },
  advance_voting_ships: {
    fi: 'Laivaäänestys suomalaisilla laivoilla',
    sv: 'Förhandsröstning på finska fartyg',
    en: 'Advance voting on Finnish ships',
  },
  voting_register_final: {
    fi: 'Äänioikeusrekisteri lainvoimainen',
    sv: 'Rösträttsregistret vinner laga kraft',
    en: 'Voting register becomes legally valid',
  },
  home_voting_registration_deadline: {
    fi: 'Kotiäänestykseen ilmoittautuminen päättyy',
    sv: 'Anmälan om hemmaröstning ska göras senast',
    en: 'Registration for at-home voting ends',
  },
  advance_voting_finland: {
    fi: 'Ennakkoäänestys kotimaassa',
    sv: 'Förhandsröstning i hemlandet',
    en: 'Advance voting in Finland',
  },
  advance_voting_abroad: {
    fi: 'Ennakkoäänestys ulkomailla',
    sv: 'Förhandsröstning utomlands',
    en: 'Advance voting abroad',
  },
  postal_votes_arrival_deadline: {
    fi: 'Kirjeäänestyksen lähetekuoret perillä',
    sv: 'Följebreven för brevröstning ska vara framme',
    en: 'Postal-vote covering envelopes must arrive',
  },
  election_day: { fi: 'Vaalipäivä', sv: 'Valdagen', en: 'Election day' },
  checking_count: { fi: 'Tarkastuslaskenta', sv: 'Kontrollräkning', en: 'Checking count' },
  results_confirmed: {
    fi: 'Tuloksen vahvistaminen',
    sv: 'Valresultatet fastställs',
    en: 'Election results confirmed',
  },
  government_declares_result: {
    fi: 'Valtioneuvosto toteaa vaalin tuloksen',
    sv: 'Statsrådet konstaterar valresultatet',
    en: 'Government declares the elected President',
  },
  appeal_period: {
    fi: 'Valitusaika vaalin tuloksesta',
    sv: 'Besvärstid över valresultatet',
    en: 'Period for appeals against the result',
  },
  councils_start: {
    fi: 'Valtuustojen toimikausi alkaa',
    sv: 'Fullmäktiges nya mandatperiod börjar',
    en: 'New councils start their term',
  },
};
