import { fromMarkdown } from 'mdast-util-from-markdown';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { Nodes, Parent, Root, RootContent } from 'mdast';

/**
 * Section bodies are Markdown (CommonMark). Every export parses them with the same parser the web
 * uses underneath react-markdown (mdast-util-from-markdown, micromark) and works on the syntax
 * tree; raw HTML in a body is never passed through: it becomes text.
 */
export const parseMarkdown = (text: string): Root => fromMarkdown(text);

/** Links worth printing or linking: web and mail addresses only (no javascript:, data: …). */
export const isSafeUrl = (url: string): boolean => /^(https?:\/\/|mailto:)/i.test(url.trim());

const sanitiseNode = (node: RootContent, headingOffset: number): RootContent[] => {
  switch (node.type) {
    case 'html':
      // Raw HTML is shown as what it is: text.
      return [{ type: 'text', value: node.value }];
    case 'image':
    case 'imageReference':
      return node.alt ? [{ type: 'text', value: node.alt }] : [];
    case 'link':
      if (!isSafeUrl(node.url)) return sanitiseChildren(node.children, headingOffset);
      break;
    case 'linkReference':
    case 'footnoteReference':
    case 'definition':
    case 'footnoteDefinition':
      return 'children' in node ? sanitiseChildren(node.children as RootContent[], headingOffset) : [];
    case 'heading':
      return [
        {
          ...node,
          depth: Math.min(6, node.depth + headingOffset) as 1 | 2 | 3 | 4 | 5 | 6,
          children: sanitiseChildren(node.children, headingOffset) as typeof node.children,
        },
      ];
    default:
      break;
  }
  if ('children' in node) {
    const children = sanitiseChildren(node.children as RootContent[], headingOffset);
    // A block of HTML became text: a flow position needs it in a paragraph.
    const wrapped =
      node.type === 'blockquote' || node.type === 'listItem'
        ? children.map((c) => (c.type === 'text' ? ({ type: 'paragraph', children: [c] } as RootContent) : c))
        : children;
    return [{ ...node, children: wrapped } as RootContent];
  }
  return [node];
};

const sanitiseChildren = (nodes: readonly RootContent[], headingOffset: number): RootContent[] =>
  nodes.flatMap((n) => sanitiseNode(n, headingOffset));

/**
 * The tree with raw HTML turned into text, images into their alternative text, links other than
 * web and mail addresses into their text, and headings moved `headingOffset` levels down (a
 * section's own "#" sits below the section heading).
 */
export const sanitisedTree = (markdown: string, headingOffset = 0): Root => {
  const root = parseMarkdown(markdown);
  const children = sanitiseChildren(root.children, headingOffset).map((c) =>
    c.type === 'text' ? ({ type: 'paragraph', children: [c] } as RootContent) : c,
  );
  return { type: 'root', children };
};

/** Markdown written back from a tree, in one consistent style. */
export const treeToMarkdown = (tree: Nodes | Parent): string =>
  toMarkdown(tree as Nodes, { bullet: '-', emphasis: '_', strong: '*', rule: '-', fences: true }).trim();

/** Plain text as Markdown that shows exactly that text (nothing in it becomes markup). */
export const markdownText = (text: string): string =>
  toMarkdown({ type: 'paragraph', children: [{ type: 'text', value: text }] }).trim();
