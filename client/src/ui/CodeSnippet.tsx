/** A block of code (a curl command, a JSON body) that scrolls sideways instead of stretching its card. */
import { Box, Code, type BoxProps } from '@mantine/core';
import classes from './ui.module.css';

export function CodeSnippet({ children, ...box }: BoxProps & { children: string }) {
  return (
    <Box w="100%" miw={0} maw="100%" {...box}>
      <Code block className={classes.snippet} tabIndex={0}>
        {children}
      </Code>
    </Box>
  );
}
