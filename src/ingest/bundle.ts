// The Bundle contract lives in core (model and report read it too); ingest produces it.
export { Origin, Section, SectionFailure, Note, HostSections, Unattributed, Bundle } from '../core/bundle';
