/**
 * A template source in CodeMirror: MJML highlighted as XML (or plain Handlebars text), and the
 * server's validation issues shown where they are: a marker in the gutter of each line, the line
 * underlined, the message on hover. `goToLine` moves the cursor to an issue from the list.
 */
import { xml } from '@codemirror/lang-xml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';
import { Box, Input, Text } from '@mantine/core';
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { useEffect, useId, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import classes from './templates.module.css';

export interface SourceIssue {
  line?: number;
  message: string;
}

export interface SourceEditorHandle {
  goToLine(line: number): void;
}

interface Props {
  label: string;
  description?: string;
  value: string;
  onChange?: (value: string) => void;
  /** Issues of this source; each with a line is marked on it. */
  issues: SourceIssue[];
  language: 'mjml' | 'text';
  readOnly?: boolean;
  /** The editor grows with its text between these. */
  minHeight: string;
  maxHeight: string;
  placeholder?: string;
  ref?: Ref<SourceEditorHandle>;
}

/** Token colours that keep AA contrast on white, on the active line and on a marked (red-tinted) line. */
const highlight = HighlightStyle.define([
  { tag: [t.tagName, t.angleBracket], color: '#1e40af' },
  { tag: t.attributeName, color: '#7c2d12' },
  { tag: [t.attributeValue, t.string], color: '#166534' },
  { tag: [t.comment, t.meta, t.processingInstruction], color: '#4b5563', fontStyle: 'italic' },
  { tag: [t.keyword, t.definitionKeyword], color: '#6b21a8' },
  { tag: t.invalid, color: '#991b1b' },
]);

function diagnosticsFor(view: EditorView, issues: SourceIssue[]): Diagnostic[] {
  const doc = view.state.doc;
  return issues.map((issue) => {
    const line = doc.line(Math.min(Math.max(issue.line ?? 1, 1), doc.lines));
    // The whole line, without its indentation: that is where the problem was reported.
    const indent = /^\s*/.exec(line.text)?.[0].length ?? 0;
    const from = Math.min(line.from + indent, line.to);
    return { from, to: line.to, severity: 'error', message: issue.line ? `Line ${issue.line}: ${issue.message}` : issue.message };
  });
}

export function SourceEditor({ label, description, value, onChange, issues, language, readOnly, minHeight, maxHeight, placeholder, ref }: Props) {
  const cm = useRef<ReactCodeMirrorRef>(null);
  const labelId = useId();
  const descriptionId = useId();

  const extensions = useMemo(
    () => [
      ...(language === 'mjml' ? [xml()] : []),
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      lintGutter(),
      EditorView.contentAttributes.of({ 'aria-labelledby': labelId, ...(description ? { 'aria-describedby': descriptionId } : {}) }),
    ],
    [language, labelId, description, descriptionId],
  );

  // Issues are placed when they arrive, then follow the text as it is edited, until the next ones.
  useEffect(() => {
    const view = cm.current?.view;
    if (!view) return;
    view.dispatch(setDiagnostics(view.state, diagnosticsFor(view, issues)));
  }, [issues]);

  useImperativeHandle(ref, () => ({
    goToLine(n: number) {
      const view = cm.current?.view;
      if (!view) return;
      const line = view.state.doc.line(Math.min(Math.max(n, 1), view.state.doc.lines));
      view.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
      view.focus();
    },
  }));

  return (
    <Box>
      <Input.Label id={labelId} component="div">
        {label}
      </Input.Label>
      {description && (
        <Text id={descriptionId} size="xs" c="dimmed" mb={6}>
          {description}
        </Text>
      )}
      <Box className={classes.editor} data-invalid={issues.length > 0 || undefined} data-testid={`editor-${language}`}>
        <CodeMirror
          ref={cm}
          value={value}
          onChange={onChange}
          extensions={extensions}
          minHeight={minHeight}
          maxHeight={maxHeight}
          readOnly={readOnly}
          editable={!readOnly}
          placeholder={placeholder}
          basicSetup={{ foldGutter: language === 'mjml', highlightActiveLine: !readOnly, autocompletion: language === 'mjml', lintKeymap: true, syntaxHighlighting: false }}
        />
      </Box>
    </Box>
  );
}
