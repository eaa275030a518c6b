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

        var filter = QdrantPlaybookCollection.ToQdrant(RecordFilter.From(predicate))!;

        Assert.Equal(2, filter.Must.Count);
        var risks = filter.Must[0].Filter.Should;
        Assert.Equal([("risks", "champion_left"), ("risks", "adoption")], risks.Select(c => (c.Field.Key, c.Field.Match.Keyword)));
        Assert.Equal(("personas", "csm"), (filter.Must[1].Field.Key, filter.Must[1].Field.Match.Keyword));
        Assert.Null(PlaybookFilterExpression.From(new PlaybookFilter(Risks: [])));
    }

    [Fact]
    public void Hand_written_predicates_translate_and_unsupported_ones_are_refused()
    {
        var file = "playbooks/a.md";
        Expression<Func<PlaybookRecord, bool>> equal = r => r.File == file;
        Expression<Func<PlaybookRecord, bool>> unsupported = r => r.Text.Length > 3;

        var single = Assert.Single(QdrantPlaybookCollection.ToQdrant(RecordFilter.From(equal))!.Must);
        Assert.Equal(("file", "playbooks/a.md"), (single.Field.Key, single.Field.Match.Keyword));
        Assert.Throws<NotSupportedException>(() => RecordFilter.From(unsupported));
        Assert.Null(QdrantPlaybookCollection.ToQdrant(RecordFilter.From(r => true)));
    }

    [Fact]
    public void A_record_survives_the_round_trip_through_a_qdrant_payload()
    {
        var record = new PlaybookRecord
        {
            Id = "playbooks/a.md#x~0",
            File = "playbooks/a.md",
            FileHash = "f:1",
            Source = "playbooks/a.md#x",
            Title = "A",
            HeadingPath = ["A", "X"],
            Text = "text",
            Context = "overview",
            Risks = ["adoption"],
            Stages = [],
            Personas = ["csm", "sales"],
            Vector = new float[] { 1, 2 },
        };

        var back = QdrantPlaybookCollection.ToRecord(QdrantPlaybookCollection.Payload(record), null);

        Assert.Equal(record with { Vector = ReadOnlyMemory<float>.Empty, HeadingPath = back.HeadingPath, Risks = back.Risks, Stages = back.Stages, Personas = back.Personas }, back);
        Assert.Equal(["A", "X"], back.HeadingPath);
        Assert.Equal(["adoption"], back.Risks);
        Assert.Equal(["csm", "sales"], back.Personas);
        Assert.Empty(back.Stages);
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
