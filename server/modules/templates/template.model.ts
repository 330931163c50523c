import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CompiledArtefacts } from './template.compile.js';

/** A template: its name and which version is current. The content lives in its versions. */
export interface TemplateDoc {
  _id: Types.ObjectId;
  name: string;
  currentVersion: number;
  /** The current version's subject, for lists without loading a version. */
  subject: string;
  /** Set on templates installed from templates/ (one per starter); cleared when deleted. */
  starterKey?: string;
  /** Sample data for previews (a starter's .sample.json). */
  sample: Record<string, unknown> | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One immutable version: the sources as written and what they compile to. */
export interface TemplateVersionDoc {
  _id: Types.ObjectId;
  templateId: Types.ObjectId;
  version: number;
  subject: string;
  preheader: string;
  mjml: string;
  text: string | null;
  compiled: CompiledArtefacts;
  createdAt: Date;
}

const templateSchema = new Schema<TemplateDoc>(
  {
    name: String,
    currentVersion: Number,
    subject: String,
    starterKey: String,
    sample: Schema.Types.Mixed,
    deletedAt: Date,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'templates', versionKey: false, minimize: false },
);
// starter install: findOne({ starterKey }); unique makes a concurrent second install create nothing
templateSchema.index({ starterKey: 1 }, { unique: true, sparse: true });
// the list: find({ deletedAt: null, _id: { $lt: cursor } }).sort({ _id: -1 })
templateSchema.index({ deletedAt: 1, _id: -1 });

const versionSchema = new Schema<TemplateVersionDoc>(
  {
    templateId: Schema.Types.ObjectId,
    version: Number,
    subject: String,
    preheader: String,
    mjml: String,
    text: String,
    compiled: Schema.Types.Mixed,
    createdAt: Date,
  },
  { collection: 'template_versions', versionKey: false, minimize: false },
);
// one version by number (render, click targets), the latest (next version number), the version list
// newest first: find({ templateId, version }) / find({ templateId }).sort({ version: -1 });
// unique: two concurrent edits cannot both become version n
versionSchema.index({ templateId: 1, version: -1 }, { unique: true });

export interface TemplateModels {
  Template: Model<TemplateDoc>;
  Version: Model<TemplateVersionDoc>;
}

export function templateModels(conn: Connection): TemplateModels {
  return {
    Template: (conn.models.Template as Model<TemplateDoc> | undefined) ?? conn.model<TemplateDoc>('Template', templateSchema),
    Version: (conn.models.TemplateVersion as Model<TemplateVersionDoc> | undefined) ?? conn.model<TemplateVersionDoc>('TemplateVersion', versionSchema),
  };
}
