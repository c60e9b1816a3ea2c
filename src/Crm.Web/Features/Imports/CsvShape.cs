using System.Globalization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// A pass over a CSV file's text, before it is parsed, that finds what is too big or never closed and says so by its
/// line: an over-long line, an over-long value, too many columns, a quote that never closes. The parser alone can only
/// say that a record outgrew its buffer, which reads like an unclosed quote whatever the cause.
/// </summary>
public static class CsvShape
{
    public static void Check(SourceFormat format, Func<string, string> l, CancellationToken ct)
    {
        using var reader = new StreamReader(format.Path, ImportFileKinds.TextEncoding(format.Encoding), detectEncodingFromByteOrderMarks: true);
        Check(reader, format.Separator, format.Limits, l, ct);
    }

    public static void Check(TextReader reader, char separator, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        var buffer = new char[64 * 1024];
        var line = 1;
        var recordLine = 1;
        var lineLength = 0;
        var fieldLength = 0;
        var fieldStarted = false;
        var fieldFilled = false;
        var field = 0;
        var lastFilled = -1;
        var inQuotes = false;
        var quoteLine = 0;
        var closing = false;
        var overlongQuotedLine = 0;
        var afterCr = false;

        void EndField()
        {
            if (fieldFilled)
            {
                lastFilled = field;
            }

            field++;
            (fieldLength, fieldStarted, fieldFilled) = (0, false, false);
        }

        void EndRecord()
        {
            EndField();
            if (lastFilled >= limits.MaxColumns)
            {
                throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0} has more than {1} columns."), recordLine, limits.MaxColumns));
            }

            (field, lastFilled) = (0, -1);
        }

        void Content(char c)
        {
            fieldStarted = true;
            fieldFilled |= !char.IsWhiteSpace(c);
            if (++fieldLength <= limits.MaxCellLength)
            {
                return;
            }

            // In quotes it may be a quote that never closes rather than a long value: the rest of the file tells.
            if (!inQuotes)
            {
                throw ValueTooLong(line, limits, l);
            }

            if (overlongQuotedLine == 0)
            {
                overlongQuotedLine = quoteLine;
            }
        }

        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (afterCr)
                {
                    afterCr = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                if (closing)
                {
                    closing = false;
                    if (c == '"')
                    {
                        Content(c);
                        continue;
                    }

                    inQuotes = false;
                    if (overlongQuotedLine != 0)
                    {
                        throw ValueTooLong(overlongQuotedLine, limits, l);
                    }
                }

                if (c is '\r' or '\n')
                {
                    afterCr = c == '\r';
                    if (inQuotes)
                    {
                        Content(c);
                    }
                    else
                    {
                        EndRecord();
                        recordLine = line + 1;
                    }

                    line++;
                    lineLength = 0;
                    continue;
                }

                if (++lineLength > limits.MaxLineLength)
                {
                    throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0} is longer than {1:N0} characters."), line, limits.MaxLineLength));
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        closing = true;
                    }
                    else
                    {
                        Content(c);
                    }
                }
                else if (c == '"' && !fieldStarted)
                {
                    (inQuotes, quoteLine, fieldStarted) = (true, line, true);
                }
                else if (c == separator)
                {
                    EndField();
                }
                else
                {
                    Content(c);
                }
            }
        }

        if (inQuotes && !closing)
        {
            throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("The file is malformed: a quote (\") opened on line {0} is never closed."), quoteLine));
        }

        if (overlongQuotedLine != 0)
        {
            throw ValueTooLong(overlongQuotedLine, limits, l);
        }

        EndRecord();
    }

    private static ImportFileException ValueTooLong(int line, ImportLimits limits, Func<string, string> l) =>
        new(string.Format(CultureInfo.CurrentCulture, l("Line {0}: a value is longer than {1:N0} characters."), line, limits.MaxCellLength));
}
