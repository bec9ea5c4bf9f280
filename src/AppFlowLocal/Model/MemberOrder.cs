namespace AppFlowLocal.Model;

/// <summary>
/// Where a clause stands in AWS's order: clauses follow the input's members in the model's order, depth first, so a
/// clause a handler adds (a member the model leaves optional that a custom connector needs) takes its member's place
/// among the validator's clauses instead of coming after every one of them.
/// </summary>
internal static class MemberOrder
{
    private const string Marker = "' failed to satisfy constraint: ";
    private const string At = " at '";

    /// <summary>
    /// The path a clause names (see <see cref="ConstraintValidator.Clause"/>). The value comes before the path and may
    /// hold any text, the constraint after it never holds the marker, so the path ends at the marker's last occurrence.
    /// </summary>
    public static string? PathOf(string clause)
    {
        var end = clause.LastIndexOf(Marker, StringComparison.Ordinal);
        var start = end < 0 ? -1 : clause.LastIndexOf(At, end, StringComparison.Ordinal);
        return start < 0 ? null : clause[(start + At.Length)..end];
    }

    /// <summary>
    /// The member positions along <paramref name="path"/> ("a.b" is [index of a, index of b in a's shape]); a list
    /// index counts as its number; the walk stops at a step the shape does not know (a map's keys), so what lies
    /// below it compares as equal.
    /// </summary>
    public static IReadOnlyList<int> Key(StructureShape shape, string path)
    {
        var key = new List<int>();
        Shape? current = shape;
        foreach (var step in path.Split('.', '['))
        {
            var name = step.TrimEnd(']');
            switch (current)
            {
                case StructureShape structure:
                    var index = IndexOf(structure, name);
                    if (index < 0)
                    {
                        return key;
                    }

                    key.Add(index);
                    current = structure.Members[index].Shape;
                    break;
                case ListShape list when int.TryParse(name, out var position):
                    key.Add(position);
                    current = list.Member;
                    break;
                case ListShape list when name == "member":
                    current = list.Member;
                    break;
                default:
                    return key;
            }
        }

        return key;
    }

    /// <summary>Whether a clause at <paramref name="later"/> comes after one at <paramref name="earlier"/>; a member's own clauses come before its members'.</summary>
    public static bool After(IReadOnlyList<int> later, IReadOnlyList<int> earlier)
    {
        for (var i = 0; i < Math.Min(later.Count, earlier.Count); i++)
        {
            if (later[i] != earlier[i])
            {
                return later[i] > earlier[i];
            }
        }

        return false;
    }

    private static int IndexOf(StructureShape structure, string name)
    {
        for (var i = 0; i < structure.Members.Count; i++)
        {
            if (structure.Members[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
