import './collaboration.css';

export { AttachmentsSection } from './attachments-section.js';
export { CommentsSection } from './comments-section.js';
export { CorroborationsSection } from './corroborations-section.js';
export { LinksSection } from './links-section.js';
