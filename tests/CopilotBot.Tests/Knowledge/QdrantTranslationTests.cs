using System.Linq.Expressions;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;

namespace CopilotBot.Tests.Knowledge;

public sealed class QdrantTranslationTests
{
    [Fact]
    public void A_playbook_filter_becomes_a_qdrant_payload_filter()
    {
        var predicate = PlaybookFilterExpression.From(new PlaybookFilter(Risks: ["champion_left", "Adoption"], Personas: ["csm"]));

        var json = QdrantPlaybookCollection.ToQdrant(RecordFilter.From(predicate))!.ToJsonString();

        Assert.Equal(
            """{"must":[{"should":[{"key":"risks","match":{"value":"champion_left"}},{"key":"risks","match":{"value":"adoption"}}]},{"key":"personas","match":{"value":"csm"}}]}""",
            json);
        Assert.Null(PlaybookFilterExpression.From(new PlaybookFilter(Risks: [])));
    }

    [Fact]
    public void Hand_written_predicates_translate_and_unsupported_ones_are_refused()
    {
        var file = "playbooks/a.md";
        Expression<Func<PlaybookRecord, bool>> equal = r => r.File == file;
        Expression<Func<PlaybookRecord, bool>> unsupported = r => r.Text.Length > 3;

        Assert.Equal("""{"key":"file","match":{"value":"playbooks/a.md"}}""", QdrantPlaybookCollection.ToQdrant(RecordFilter.From(equal))!.ToJsonString());
        Assert.Throws<NotSupportedException>(() => RecordFilter.From(unsupported));
        Assert.Null(QdrantPlaybookCollection.ToQdrant(RecordFilter.From(r => true)));
    }

    [Fact]
    public void Point_ids_are_stable_uuids()
    {
        var id = QdrantPlaybookCollection.PointId("playbooks/a.md#x~0");

        Assert.Equal(id, QdrantPlaybookCollection.PointId("playbooks/a.md#x~0"));
        Assert.NotEqual(id, QdrantPlaybookCollection.PointId("playbooks/a.md#x~1"));
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal('5', id[14]);
    }
}
