// The templates an infographic starts from, and the pages it can be laid out on.
import type { TemplateId } from '../../../shared/contract/report.ts';
import type { PageSize } from '../../../shared/infographic.ts';

export const TEMPLATE_INFO: Readonly<Record<TemplateId, { label: string; summary: string }>> = {
  victims: {
    label: 'Victims',
    summary: 'Records, persons and domestic abuse, age and sex, top offence groups, districts, repeat victims.',
  },
  suspects: {
    label: 'Suspects',
    summary: 'Records, persons and arrests, age and sex, top offence groups, districts, charge rate.',
  },
  offenders: {
    label: 'Offenders',
    summary: 'Records, persons and high risk, age and sex, criminogenic needs, districts, reoffending.',
  },
};

export const PAGES: ReadonlyArray<{ id: PageSize; label: string }> = [
  { id: 'a4-portrait', label: 'A4 portrait' },
  { id: 'landscape-16x9', label: '16:9 slide' },
];
