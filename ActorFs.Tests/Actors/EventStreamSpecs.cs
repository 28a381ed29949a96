using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class EventStreamSpecs : TestKit
{
    public abstract record Animal(string Name);

    public sealed record Dog(string Name) : Animal(Name);

    public sealed record Cat(string Name) : Animal(Name);

    [Fact]
    public void A_subscriber_receives_events_of_its_type_and_subtypes()
    {
        var animals = CreateTestProbe();
        var dogs = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe(animals.Ref, typeof(Animal)));
        Assert.True(Sys.EventStream.Subscribe(dogs.Ref, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));
        animals.ExpectMsg(new Dog("rex"));
        animals.ExpectMsg(new Cat("tom"));
        dogs.ExpectMsg(new Dog("rex"));
        dogs.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Subscribing_twice_to_one_channel_delivers_once()
    {
        Assert.True(Sys.EventStream.Subscribe(TestActor, typeof(Dog)));
        Assert.False(Sys.EventStream.Subscribe(TestActor, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("rex"));
        ExpectMsg<Dog>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Unsubscribe_from_a_channel_or_from_all_stops_delivery()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Dog));
        Sys.EventStream.Subscribe(TestActor, typeof(Cat));
        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Assert.False(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));
        ExpectMsg(new Cat("tom"));
        Sys.EventStream.Unsubscribe(TestActor);
        Sys.EventStream.Publish(new Cat("tom"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_stopped_subscriber_is_dropped_instead_of_producing_dead_letters()
    {
        var doomed = CreateTestProbe();
        Sys.EventStream.Subscribe(doomed.Ref, typeof(Dog));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        Watch(doomed.Ref);
        Sys.Stop(doomed.Ref);
        ExpectTerminated(doomed.Ref);
        Sys.EventStream.Publish(new Dog("rex"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.False(Sys.EventStream.Unsubscribe(doomed.Ref, typeof(Dog)));
    }

    [Fact]
    public void Events_published_by_one_publisher_arrive_in_order()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Dog));
        for (var i = 0; i < 100; i++) Sys.EventStream.Publish(new Dog($"{i}"));
        for (var i = 0; i < 100; i++) ExpectMsg(new Dog($"{i}"));
    }
}
