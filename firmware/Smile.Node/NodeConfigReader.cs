using System.Collections;

namespace Smile.Node
{
    /// <summary>
    /// Reads config.json into a NodeConfig, the same on the node and on .NET, so no JSON library decides what a node
    /// accepts. nanoFramework.Json was lenient in ways that hid mistakes (unknown keys ignored, "60" and 60.0 taken as
    /// 60, trailing commas accepted; research behaviour-a.md §e) and threw on others; this reader is strict and never
    /// throws: it returns one line per problem, naming the key and the line and column.
    ///
    /// Rules: one JSON object (RFC 8259) of the keys of NodeConfigKeys, exact case; values are strings (escapes
    /// \" \\ \/ \b \f \n \r \t \uXXXX), whole numbers within int, or true/false, of the key's type. An unknown key is
    /// an error, as in ESPHome: it is most likely a typo, and ignoring it would leave the default in place silently.
    /// A key given twice, null, nested objects or arrays, fractions and exponents are errors; a key left out keeps its
    /// default. A leading byte order mark is skipped (RFC 8259 §8.1 allows it; Windows editors write one). At most
    /// MaxLength characters and MaxErrors problems are read. Syntax errors end the reading; value errors do not.
    /// </summary>
    public sealed class NodeConfigReader
    {
        public const string FileName = "config.json";

        /// <summary>16 KB: a config with a CA certificate chain is about 5 KB; the node has one heap for everything.</summary>
        public const int MaxLength = 16384;

        public const int MaxErrors = 20;

        private readonly string _text;
        private readonly NodeConfig _config;
        private readonly bool[] _seen = new bool[NodeConfigKeys.Names.Length];
        private readonly ArrayList _errors = new ArrayList();
        private int _pos;

        private NodeConfigReader(string text, NodeConfig config)
        {
            _text = text;
            _config = config;
        }

        /// <summary>Sets the keys present in json on config; returns the problems, none when the document is good.</summary>
        public static string[] Read(string json, NodeConfig config)
        {
            var reader = new NodeConfigReader(json, config);
            reader.ReadObject();
            var result = new string[reader._errors.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (string)reader._errors[i]!;
            }

            return result;
        }

        private void ReadObject()
        {
            if (_text.Length > MaxLength)
            {
                _errors.Add(FileName + " has " + _text.Length.ToString() + " characters; at most " + MaxLength.ToString() + " are read");
                return;
            }

            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                _pos = 1;
            }

            SkipSpace();
            if (!Take('{'))
            {
                Syntax(_pos, "the config must be one JSON object, starting with '{'");
                return;
            }

            SkipSpace();
            bool closed = Take('}');
            string after = "'{'";
            while (!closed)
            {
                SkipSpace();
                int keyAt = _pos;
                if (Peek() != '"')
                {
                    Syntax(_pos, "expected a key in double quotes after " + after);
                    return;
                }

                string? key = ReadString(keyAt, "a key");
                if (key == null)
                {
                    return;
                }

                SkipSpace();
                if (!Take(':'))
                {
                    Syntax(_pos, "expected ':' after the key " + Shown(key));
                    return;
                }

                SkipSpace();
                if (!ReadMember(key, keyAt) || _errors.Count >= MaxErrors)
                {
                    return;
                }

                SkipSpace();
                closed = Take('}');
                after = "the value of " + Shown(key);
                if (!closed && !Take(','))
                {
                    Syntax(_pos, "expected ',' or '}' after " + after);
                    return;
                }
            }

            SkipSpace();
            if (_pos < _text.Length)
            {
                Syntax(_pos, "unexpected text after the closing '}'");
            }
        }

        /// <summary>Reads one value and sets it when the key is known and new; false on a syntax error.</summary>
        private bool ReadMember(string key, int keyAt)
        {
            int index = NodeConfigKeys.IndexOf(key);
            if (index < 0)
            {
                string? near = NodeConfigKeys.SameIgnoringCase(key);
                Error(Shown(key), keyAt, near == null ? "is not a config key" : "is not a config key (keys are case-sensitive: " + near + ")");
            }
            else if (_seen[index])
            {
                Error(key, keyAt, "appears twice");
                index = -1;
            }
            else
            {
                _seen[index] = true;
            }

            char kind = index < 0 ? ' ' : NodeConfigKeys.Kinds[index];
            int at = _pos;
            char c = Peek();
            if (c == '"')
            {
                string? text = ReadString(at, "the value of " + Shown(key));
                if (text == null)
                {
                    return false;
                }

                if (kind == NodeConfigKeys.Text)
                {
                    NodeConfigKeys.SetText(_config, index, text);
                }
                else
                {
                    WrongType(key, at, kind, "a string");
                }

                return true;
            }

            if (c == '-' || (c >= '0' && c <= '9'))
            {
                return ReadNumber(key, index, kind);
            }

            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            {
                string word = ReadWord();
                if (word == "true" || word == "false")
                {
                    if (kind == NodeConfigKeys.Flag)
                    {
                        NodeConfigKeys.SetFlag(_config, index, word == "true");
                    }
                    else
                    {
                        WrongType(key, at, kind, "true or false");
                    }

                    return true;
                }

                if (word == "null")
                {
                    if (index >= 0)
                    {
                        Error(key, at, "must not be null (leave the key out to keep its default)");
                    }

                    return true;
                }

                Syntax(at, "expected a value for " + Shown(key) + " (strings are in double quotes; true, false and null are lower case)");
                return false;
            }

            if (c == '{' || c == '[')
            {
                Syntax(at, Shown(key) + " has a nested object or array; config values are strings, numbers or true/false");
                return false;
            }

            Syntax(at, _pos >= _text.Length ? "the document ends before the value of " + Shown(key) : "expected a value for " + Shown(key));
            return false;
        }

        private bool ReadNumber(string key, int index, char kind)
        {
            int start = _pos;
            bool negative = Take('-');
            if (!IsDigit(Peek()))
            {
                Syntax(_pos, "expected digits in the value of " + Shown(key));
                return false;
            }

            long value = 0;
            bool tooBig = false;
            if (Take('0'))
            {
                if (IsDigit(Peek()))
                {
                    Syntax(start, "the value of " + Shown(key) + " starts with 0; JSON numbers have no leading zeros");
                    return false;
                }
            }
            else
            {
                while (IsDigit(Peek()))
                {
                    // Stop adding once past any int: 10 KB of digits must not overflow the long either.
                    tooBig = tooBig || value > 2147483648L;
                    if (!tooBig)
                    {
                        value = (value * 10) + (_text[_pos] - '0');
                    }

                    _pos++;
                }
            }

            bool whole = true;
            if (Take('.'))
            {
                whole = false;
                if (!SkipDigits())
                {
                    Syntax(_pos, "expected digits after '.' in the value of " + Shown(key));
                    return false;
                }
            }

            if (Take('e') || Take('E'))
            {
                whole = false;
                if (!Take('+'))
                {
                    Take('-');
                }

                if (!SkipDigits())
                {
                    Syntax(_pos, "expected digits in the exponent of the value of " + Shown(key));
                    return false;
                }
            }

            if (kind != NodeConfigKeys.Number)
            {
                WrongType(key, start, kind, "a number");
            }
            else if (!whole)
            {
                Error(key, start, "must be a whole number, without fraction or exponent");
            }
            else
            {
                value = negative ? -value : value;
                if (tooBig || value > int.MaxValue || value < int.MinValue)
                {
                    Error(key, start, "must be a whole number from -2147483648 to 2147483647");
                }
                else
                {
                    NodeConfigKeys.SetNumber(_config, index, (int)value);
                }
            }

            return true;
        }

        /// <summary>The string at _pos (a '"'), unescaped; null after reporting a syntax error.</summary>
        private string? ReadString(int start, string what)
        {
            // First find the closing quote, so the result is allocated once, at its size (no StringBuilder: it is
            // not in mscorlib, and a 10 KB string would grow it several times on a small heap).
            int begin = _pos + 1;
            int end = begin;
            bool escaped = false;
            while (end < _text.Length && _text[end] != '"')
            {
                if (_text[end] < ' ')
                {
                    Syntax(end, "a control character in " + what + " must be escaped (\\n, \\t, \\u0000)");
                    return null;
                }

                if (_text[end] == '\\')
                {
                    escaped = true;
                    end++;
                }

                end++;
            }

            if (end >= _text.Length)
            {
                Syntax(start, "the document ends inside " + what + " (a '\"' is missing)");
                return null;
            }

            _pos = begin;
            if (!escaped)
            {
                _pos = end + 1;
                return _text.Substring(begin, end - begin);
            }

            var chars = new char[end - begin];
            int length = 0;
            while (_pos < end)
            {
                char c = _text[_pos++];
                int unescaped = c == '\\' ? Unescape() : c;
                if (unescaped < 0)
                {
                    Syntax(_pos - 2, "unknown or cut-off escape in " + what + "; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
                    return null;
                }

                chars[length++] = (char)unescaped;
            }

            _pos = end + 1;
            return new string(chars, 0, length);
        }

        /// <summary>The character of the escape after a backslash at _pos - 1, or -1.</summary>
        private int Unescape()
        {
            if (_pos >= _text.Length)
            {
                _pos++;
                return -1;
            }

            char e = _text[_pos++];
            switch (e)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u': break;
                default: return -1;
            }

            if (_pos + 4 > _text.Length)
            {
                return -1;
            }

            int code = 0;
            for (int i = 0; i < 4; i++)
            {
                int digit = HexValue(_text[_pos + i]);
                if (digit < 0)
                {
                    return -1;
                }

                code = (code * 16) + digit;
            }

            // A surrogate pair (\uD83D\uDE00) arrives as two escapes; each is one UTF-16 unit, as in a .NET string.
            _pos += 4;
            return code;
        }

        private string ReadWord()
        {
            int start = _pos;
            while (_pos < _text.Length && ((_text[_pos] >= 'a' && _text[_pos] <= 'z') || (_text[_pos] >= 'A' && _text[_pos] <= 'Z')))
            {
                _pos++;
            }

            return _text.Substring(start, _pos - start);
        }

        private bool SkipDigits()
        {
            int start = _pos;
            while (IsDigit(Peek()))
            {
                _pos++;
            }

            return _pos > start;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t' || _text[_pos] == '\n' || _text[_pos] == '\r'))
            {
                _pos++;
            }
        }

        private bool Take(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        /// <summary>The next character, or '\0' at the end (the end is never a valid next character).</summary>
        private char Peek()
        {
            return _pos < _text.Length ? _text[_pos] : '\0';
        }

        private void WrongType(string key, int at, char kind, string found)
        {
            if (kind != ' ')
            {
                string wanted = kind == NodeConfigKeys.Text ? "a string" : kind == NodeConfigKeys.Number ? "a whole number" : "true or false";
                Error(key, at, "must be " + wanted + ", not " + found);
            }
        }

        /// <summary>A problem with one key's value; values are never shown, as some are secrets.</summary>
        private void Error(string key, int at, string rule)
        {
            _errors.Add(key + " " + rule + Where(at));
        }

        private void Syntax(int at, string what)
        {
            _errors.Add(FileName + " is not a valid config: " + what + Where(at));
        }

        private string Where(int at)
        {
            int line = 1;
            int column = 1;
            for (int i = 0; i < at && i < _text.Length; i++)
            {
                column++;
                if (_text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
            }

            return " (line " + line.ToString() + ", column " + column.ToString() + ")";
        }

        /// <summary>A key as the messages show it: quoted, and cut short, since an unknown key may be anything.</summary>
        private static string Shown(string key)
        {
            return "'" + (key.Length > 40 ? key.Substring(0, 40) + "..." : key) + "'";
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }
}
