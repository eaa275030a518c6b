using System.Linq.Expressions;
using System.Reflection;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// The filters our stores understand, read from the LINQ predicates of the VectorData API:
/// <c>&amp;&amp;</c>, <c>||</c>, <c>r.List.Contains(value)</c>, <c>r.Field == value</c> and <c>true</c>.
/// One tree, evaluated in memory by the embedded store and turned into a payload filter by Qdrant.
/// </summary>
internal abstract record RecordFilter
{
    public abstract bool Matches(PlaybookRecord record);

    public sealed record All(IReadOnlyList<RecordFilter> Clauses) : RecordFilter
    {
        public override bool Matches(PlaybookRecord record)
        {
            foreach (var clause in Clauses)
            {
                if (!clause.Matches(record)) return false;
            }

            return true;
        }
    }

    public sealed record Any(IReadOnlyList<RecordFilter> Clauses) : RecordFilter
    {
        public override bool Matches(PlaybookRecord record)
        {
            foreach (var clause in Clauses)
            {
                if (clause.Matches(record)) return true;
            }

            return false;
        }
    }

    /// <summary>A list field holds the value, or a scalar field equals it.</summary>
    public sealed record FieldHas(string Field, string Value) : RecordFilter
    {
        public override bool Matches(PlaybookRecord record) => Field switch
        {
            nameof(PlaybookRecord.Risks) => Contains(record.Risks, Value),
            nameof(PlaybookRecord.Stages) => Contains(record.Stages, Value),
            nameof(PlaybookRecord.Personas) => Contains(record.Personas, Value),
            nameof(PlaybookRecord.HeadingPath) => Contains(record.HeadingPath, Value),
            nameof(PlaybookRecord.Id) => record.Id == Value,
            nameof(PlaybookRecord.File) => record.File == Value,
            nameof(PlaybookRecord.FileHash) => record.FileHash == Value,
            nameof(PlaybookRecord.Source) => record.Source == Value,
            nameof(PlaybookRecord.Title) => record.Title == Value,
            _ => throw new NotSupportedException($"Filtering on '{Field}' is not supported."),
        };

        private static bool Contains(IReadOnlyList<string> values, string value)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase)) return true;
            }

            return false;
        }
    }

    public sealed record Everything : RecordFilter
    {
        public override bool Matches(PlaybookRecord record) => true;
    }

    /// <summary>Reads a predicate; anything outside the supported shapes is refused rather than guessed.</summary>
    public static RecordFilter From(Expression<Func<PlaybookRecord, bool>>? predicate) =>
        predicate is null ? new Everything() : Translate(predicate.Body);

    private static RecordFilter Translate(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                return new All([Translate(and.Left), Translate(and.Right)]);
            case BinaryExpression { NodeType: ExpressionType.OrElse } or:
                return new Any([Translate(or.Left), Translate(or.Right)]);
            case BinaryExpression { NodeType: ExpressionType.Equal } equal:
                return equal.Left is MemberExpression { Expression: ParameterExpression } left
                    ? new FieldHas(left.Member.Name, ValueOf(equal.Right))
                    : equal.Right is MemberExpression { Expression: ParameterExpression } right
                        ? new FieldHas(right.Member.Name, ValueOf(equal.Left))
                        : throw Unsupported(node);
            case ConstantExpression { Value: true }:
                return new Everything();
            case MethodCallExpression { Method.Name: "Contains" } call:
                {
                    // Enumerable.Contains(r.List, v), MemoryExtensions.Contains(r.List, v) or r.List.Contains(v).
                    var arguments = call.Object is null ? call.Arguments : [call.Object, .. call.Arguments];
                    if (arguments.Count == 2 && Unwrap(arguments[0]) is MemberExpression { Expression: ParameterExpression } member)
                    {
                        return new FieldHas(member.Member.Name, ValueOf(arguments[1]));
                    }

                    throw Unsupported(node);
                }

            default:
                throw Unsupported(node);
        }
    }

    private static Expression Unwrap(Expression expression) => expression switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert } convert => Unwrap(convert.Operand),
        MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } implicitCall => Unwrap(implicitCall.Arguments[0]),
        _ => expression,
    };

    private static string ValueOf(Expression expression) => Unwrap(expression) switch
    {
        ConstantExpression { Value: string value } => value,
        MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field } =>
            field.GetValue(closure.Value) as string ?? throw Unsupported(expression),
        _ => throw Unsupported(expression),
    };

    private static NotSupportedException Unsupported(Expression node) =>
        new($"Filter '{node}' is not supported: use &&, ||, list.Contains(value), field == value.");
}
