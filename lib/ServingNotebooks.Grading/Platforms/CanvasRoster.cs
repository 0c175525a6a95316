namespace ServingNotebooks.Grading.Platforms;

/// <summary>One student row of Canvas's exported gradebook.</summary>
/// <param name="Name">"Student": the sortable name, e.g. "Lovelace, Ada".</param>
/// <param name="Id">"ID": Canvas's user id, the same number as in the download's file names.</param>
/// <param name="SisUserId">"SIS User ID" (may be empty).</param>
/// <param name="SisLoginId">"SIS Login ID" (may be empty).</param>
/// <param name="Section">"Section" (may be empty).</param>
public sealed record CanvasRosterStudent(string Name, string Id, string SisUserId, string SisLoginId, string Section);

/// <summary>The roster a Canvas gradebook export gives: its students and its column names (assignment columns included).</summary>
/// <param name="Students">The students, in the file's order.</param>
/// <param name="Columns">The header row as Canvas wrote it, e.g. "Serving math (4815)".</param>
public sealed record CanvasRoster(IReadOnlyList<CanvasRosterStudent> Students, IReadOnlyList<string> Columns)
{
    /// <summary>The export's "Points Possible" row, by column (empty when the export has none); Canvas writes an assignment's points there.</summary>
    public IReadOnlyDictionary<string, string> PointsPossible { get; init; } = new Dictionary<string, string>();

    /// <summary>The identity columns Canvas's gradebook importer matches students by, in Canvas's order.</summary>
    public static IReadOnlyList<string> IdentityColumns { get; } = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"];

    /// <summary>
    /// Reads Canvas's exported gradebook (Grades → Export): a header row with at least <c>Student</c> and <c>ID</c>, then one
    /// row per student. The "Points Possible" row (Canvas indents it with spaces), a "Muted"/"Manual Posting" row and Canvas's
    /// "Student, Test" are not students and are skipped.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="RosterException">The file cannot be read or is not a Canvas gradebook; one line says why.</exception>
    public static CanvasRoster Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RosterException($"--roster {path}: cannot be read ({e.Message.ReplaceLineEndings(" ")})");
        }

        return Parse(text, path);
    }

    /// <summary>Reads a Canvas gradebook export from its text (see <see cref="Load"/>).</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="source">The file's name, for messages.</param>
    /// <exception cref="RosterException">Not a Canvas gradebook; one line says why.</exception>
    public static CanvasRoster Parse(string text, string source = "roster.csv")
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<IReadOnlyList<string>> rows;
        try
        {
            rows = CsvText.Read(text, Separator(text));
        }
        catch (FormatException e)
        {
            throw new RosterException($"--roster {source}: not a CSV file Canvas exported ({e.Message})");
        }

        if (rows.Count == 0)
        {
            throw new RosterException($"--roster {source}: the file is empty; export the gradebook from Canvas (Grades → Export → Export Entire Gradebook)");
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        var student = header.IndexOf("Student");
        var id = header.IndexOf("ID");
        if (student < 0 || id < 0)
        {
            var missing = student < 0 ? "Student" : "ID";
            var found = string.Join(", ", header.Take(6).Select(h => $"'{h}'"));
            throw new RosterException($"--roster {source}: no '{missing}' column in the first line (found {found}); give the CSV Canvas exports from Grades → Export");
        }

        var sisUser = header.IndexOf("SIS User ID");
        var sisLogin = header.IndexOf("SIS Login ID");
        var section = header.IndexOf("Section");
        var students = new List<CanvasRosterStudent>();
        var pointsPossible = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            string Cell(int column) => column >= 0 && column < row.Count ? row[column].Trim() : string.Empty;
            var name = Cell(student);
            if (name.StartsWith("Points Possible", StringComparison.Ordinal))
            {
                for (var c = 0; c < header.Count; c++)
                {
                    pointsPossible.TryAdd(header[c], Cell(c));
                }

                continue;
            }

            if (name is "Student, Test" || (name.Length == 0 && Cell(id).Length == 0))
            {
                continue;
            }

            var userId = Cell(id);
            if (userId.Length == 0)
            {
                throw new RosterException($"--roster {source}: line {r + 1} ('{name}') has no ID; Canvas's export gives every student one");
            }

            if (seen.TryGetValue(userId, out var first))
            {
                throw new RosterException($"--roster {source}: ID {userId} is on line {first} and line {r + 1}; each student must appear once");
            }

            seen[userId] = r + 1;
            students.Add(new CanvasRosterStudent(name, userId, Cell(sisUser), Cell(sisLogin), Cell(section)));
        }

        if (students.Count == 0)
        {
            throw new RosterException($"--roster {source}: no students after the header and Points Possible rows");
        }

        return new CanvasRoster(students, header) { PointsPossible = pointsPossible };
    }

    /// <summary>
    /// The export's field separator: Canvas writes <c>;</c> for a user with the "semicolon field separators" setting or, with
    /// autodetection on, a decimal-comma locale, and may start the file with a UTF-8 byte-order mark (Canvas's
    /// <c>lib/csv_with_i18n.rb</c>: <c>determine_column_separator</c>, <c>include_bom?</c>). The header's first column is always
    /// <c>Student</c>, so the character after it decides; anything else reads as <c>,</c>.
    /// </summary>
    /// <param name="text">The file's text.</param>
    public static char Separator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.StartsWith('\uFEFF') ? 1 : 0;
        var rest = text.AsSpan(start).TrimStart(' ');
        var first = rest.StartsWith("\"Student\"", StringComparison.Ordinal) ? rest["\"Student\"".Length..]
            : rest.StartsWith("Student", StringComparison.Ordinal) ? rest["Student".Length..] : [];
        first = first.TrimStart(' ');
        return first.Length > 0 && first[0] == ';' ? ';' : ',';
    }
}

/// <summary>A roster that cannot be used; the message is one line naming the file and what is wrong.</summary>
public sealed class RosterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RosterException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line: the file and what is wrong with it.</param>
    public RosterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line: the file and what is wrong with it.</param>
    /// <param name="innerException">The cause.</param>
    public RosterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
