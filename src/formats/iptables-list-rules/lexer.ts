// Tokens of one line of iptables -S: the lexer every iptables listing of rules shares
// (src/formats/shared/iptables/lexer.ts), an instance of its own.
import { createIptablesLexer, describeIptablesToken } from '../shared/iptables/lexer';

export const lexer = createIptablesLexer();
export const describeToken = describeIptablesToken;
