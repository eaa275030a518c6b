using System.Linq.Expressions;
using CopilotBot.Knowledge.Storage;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>
/// Turns a <see cref="PlaybookFilter"/> into the VectorData predicate every store understands:
/// for each non-empty list, the record's list shares at least one (lowercased) value with it.
/// </summary>
internal static class PlaybookFilterExpression
{
    private static readonly System.Reflection.MethodInfo Contains =
        typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));

    public static Expression<Func<PlaybookRecord, bool>>? From(PlaybookFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var record = Expression.Parameter(typeof(PlaybookRecord), "r");
        Expression? body = null;
        foreach (var (field, values) in new[]
                 {
                     (nameof(PlaybookRecord.Risks), filter.Risks),
                     (nameof(PlaybookRecord.Stages), filter.Stages),
                     (nameof(PlaybookRecord.Personas), filter.Personas),
                 })
        {
            var wanted = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim().ToLowerInvariant()).Distinct().ToList();
            if (wanted is not { Count: > 0 })
            {
                continue;
            }

            var list = Expression.Property(record, field);
            var any = wanted.Select(v => (Expression)Expression.Call(Contains, list, Expression.Constant(v))).Aggregate(Expression.OrElse);
            body = body is null ? any : Expression.AndAlso(body, any);
        }

        return body is null ? null : Expression.Lambda<Func<PlaybookRecord, bool>>(body, record);
    }
}
