import {
  AttachmentsSection,
  CommentsSection,
  CorroborationsSection,
  LinksSection,
} from '../collaboration/index.js';
import { NarrativesSection, ObservablesSection, TechniquesSection } from '../intel/index.js';

export interface IncidentSectionsProps {
  incidentId: string;
  canEdit: boolean;
}

/** The incident's sub-records, each section owned by its part of the incidents feature. */
export const IncidentSections = ({ incidentId, canEdit }: IncidentSectionsProps) => (
  <>
    <ObservablesSection incidentId={incidentId} canEdit={canEdit} />
    <TechniquesSection incidentId={incidentId} canEdit={canEdit} />
    <NarrativesSection incidentId={incidentId} canEdit={canEdit} />
    <LinksSection incidentId={incidentId} canEdit={canEdit} />
    <CorroborationsSection incidentId={incidentId} canEdit={canEdit} />
    <CommentsSection incidentId={incidentId} canEdit={canEdit} />
    <AttachmentsSection incidentId={incidentId} canEdit={canEdit} />
  </>
);
