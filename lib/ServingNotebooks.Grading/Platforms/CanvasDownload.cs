namespace ServingNotebooks.Grading.Platforms;

/// <summary>One student of a Canvas download: the files Canvas named after them and what was made of them.</summary>
/// <param name="StudentId">Canvas's user id (or <c>anon_&lt;id&gt;</c>): the student's name in the gradebook, and the key to the roster.</param>
/// <param name="SortableName">The name as it appears in Canvas's file names ("lovelaceada").</param>
/// <param name="Late">True when Canvas marked any of the files used <c>_LATE</c>.</param>
/// <param name="Notes">One line per file that was replaced by a later upload, or skipped, for the student's feedback.</param>
public sealed record CanvasStudent(string StudentId, string SortableName, bool Late, IReadOnlyList<string> Notes);

/// <summary>A Canvas download turned into a class folder <see cref="ClassGrader"/> grades: one sub-folder per student id.</summary>
/// <param name="ClassFolder">The class folder made.</param>
/// <param name="Students">The students found, by id.</param>
/// <param name="Problems">One line per file that is not named the way Canvas names downloads.</param>
public sealed record CanvasClass(string ClassFolder, IReadOnlyList<CanvasStudent> Students, IReadOnlyList<string> Problems);

/// <summary>
/// Reads Canvas's "Download Submissions" layout (one flat folder, or its zip) and groups the files by student id into one
/// submission folder each. For each exercise the latest upload wins (the highest re-upload number, then the highest
/// attachment id); replaced uploads are listed in the student's notes, and a student whose files Canvas marked
/// <c>_LATE</c> is graded like everyone else and marked late, never dropped. A zip a student uploaded is unpacked with
/// <see cref="SubmissionShape"/>.
/// </summary>
public static class CanvasDownload
{
    /// <summary>
    /// True when <paramref name="path"/> looks like a Canvas download: a folder with no sub-folders of notebooks whose every
    /// notebook or zip is named the Canvas way (and at least one is), or a <c>.zip</c> file whose entries all are.
    /// </summary>
    /// <param name="path">A file or folder.</param>
    public static bool Recognize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var archive = System.IO.Compression.ZipFile.OpenRead(path);
                var names = archive.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
                return names.Count > 0 && names.All(n => !n.Contains('/', StringComparison.Ordinal) && CanvasFileName.TryParse(n) is not null);
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }

        if (!Directory.Exists(path))
        {
            return false;
        }

        var files = Directory.EnumerateFiles(path).Where(IsSubmissionFile).ToList();
        var hasStudentFolders = Directory.EnumerateDirectories(path)
            .Any(d => !Path.GetFileName(d).StartsWith('.') && Directory.EnumerateFiles(d, "*.ipynb").Any());
        return files.Count > 0 && !hasStudentFolders && files.All(f => CanvasFileName.TryParse(f) is not null);
    }

    /// <summary>Makes the class folder: <c>&lt;stage&gt;/&lt;student id&gt;/&lt;original file name&gt;</c>.</summary>
    /// <param name="download">The Canvas download: its folder, or the zip Canvas gave.</param>
    /// <param name="stage">An empty folder to build the class in (created).</param>
    /// <param name="exercises">The exercises, to tell which uploads are the same exercise.</param>
    public static CanvasClass Stage(string download, string stage, IReadOnlyList<Exercise> exercises)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(download);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentNullException.ThrowIfNull(exercises);
        if (Directory.Exists(stage))
        {
            Directory.Delete(stage, recursive: true);
        }

        Directory.CreateDirectory(stage);
        var unpacked = Path.Combine(Path.GetTempPath(), "servingbook-canvas-" + Guid.NewGuid().ToString("N"));
        try
        {
            var folder = download;
            if (File.Exists(download))
            {
                System.IO.Compression.ZipFile.ExtractToDirectory(download, unpacked);
                folder = unpacked;
            }

            var problems = new List<string>();
            var files = new List<(string Path, CanvasFileName Name)>();
            var dropped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                if (!IsSubmissionFile(file))
                {
                    // Not a notebook or a zip (notes.txt, a PDF): named in that student's feedback, so nothing goes unseen.
                    if (CanvasFileName.TryParse(file) is { } other)
                    {
                        (dropped.TryGetValue(other.StudentId, out var list) ? list : dropped[other.StudentId] = []).Add(other.OriginalName);
                    }
                    else
                    {
                        problems.Add($"{Path.GetFileName(file)}: neither a notebook nor a zip, and not named the way Canvas names downloaded submissions; not graded");
                    }

                    continue;
                }

                if (CanvasFileName.TryParse(file) is { } name)
                {
                    files.Add((file, name));
                }
                else
                {
                    problems.Add($"{Path.GetFileName(file)}: not named the way Canvas names downloaded submissions (name_userid_attachmentid_file); not graded");
                }
            }

            var students = files
                .GroupBy(f => f.Name.StudentId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StageStudent(g.Key, [.. g], Path.Combine(stage, Gradebook.SafeFileName(g.Key)), exercises))
                .Select(student => dropped.Remove(student.StudentId, out var names)
                    ? student with { Notes = [.. student.Notes, .. names.Select(n => $"{n} was not graded: only notebooks (.ipynb) and zip files are")] }
                    : student)
                .ToList();
            problems.AddRange(dropped.Select(d => $"student {d.Key} uploaded only {string.Join(", ", d.Value)}: no notebook or zip, nothing graded"));
            return new CanvasClass(stage, students, problems);
        }
        finally
        {
            if (Directory.Exists(unpacked))
            {
                Directory.Delete(unpacked, recursive: true);
            }
        }
    }

    private static CanvasStudent StageStudent(string id, IReadOnlyList<(string Path, CanvasFileName Name)> files, string folder, IReadOnlyList<Exercise> exercises)
    {
        Directory.CreateDirectory(folder);
        var notes = new List<string>();

        // Each upload's notebooks, oldest first; a later upload of the same exercise (or the same file name) replaces it.
        var chosen = new Dictionary<string, (string Source, CanvasFileName From, string Name)>(StringComparer.OrdinalIgnoreCase);
        var scratch = Path.Combine(Path.GetTempPath(), "servingbook-canvas-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var (path, name) in files.OrderBy(f => f.Name.Reupload).ThenBy(f => f.Name.AttachmentId))
            {
                var notebooks = new List<(string Source, string Name)>();
                if (name.OriginalName.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                {
                    notebooks.Add((path, name.OriginalName));
                }
                else
                {
                    var unzipped = Path.Combine(scratch, name.AttachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var flat = SubmissionShape.Flatten(path, unzipped);
                    notes.AddRange(flat.Notes.Select(n => $"{name.OriginalName}: {n}"));
                    notebooks.AddRange(flat.Notebooks.Select(n => (Path.Combine(unzipped, n), n)));
                }

                foreach (var (source, notebook) in notebooks)
                {
                    var key = SubmissionFinder.Match(notebook, exercises) is { } exercise ? $"exercise {exercise.Number}" : notebook;
                    if (chosen.TryGetValue(key, out var earlier))
                    {
                        notes.Add($"{earlier.Name} (Canvas attachment {earlier.From.AttachmentId}) was replaced by a later upload, {notebook} (attachment {name.AttachmentId})");
                    }

                    chosen[key] = (source, name, notebook);
                }
            }

            foreach (var (source, _, name) in chosen.Values)
            {
                File.Copy(source, Path.Combine(folder, name), overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var used = chosen.Values.Select(c => c.From).ToList();
        var late = used.Any(f => f.Late);
        if (late)
        {
            notes.Insert(0, "Canvas marked this submission late (_LATE); it was graded like the others.");
        }

        return new CanvasStudent(id, files[0].Name.SortableName, late, notes);
    }

    private static bool IsSubmissionFile(string file) =>
        !Path.GetFileName(file).StartsWith('.')
        && (file.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));
}
