namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// A test class whose every test gets a RabbitMQ node of its own (so the test may stop and start it)
/// and a deployment on it; both are removed after the test, also when the start fails half-way.
/// </summary>
public abstract class PrivateBrokerDeploymentTest : IAsyncLifetime
{
    protected static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(90);

    protected PrivateRabbitMqBroker Broker { get; private set; } = null!;

    protected ObservatoryDeployment Deployment { get; private set; } = null!;

    /// <summary>Names the test database.</summary>
    protected abstract string Purpose { get; }

    public async ValueTask InitializeAsync()
    {
        Broker = await CreateBrokerAsync();
        try
        {
            Deployment = await ObservatoryDeployment.CreateAsync(Purpose, StartAsync, Broker.AmqpUri, queueCount: 2);
        }
        catch
        {
            await Broker.DisposeAsync();
            throw;
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The broker, started or not.</summary>
    protected abstract Task<PrivateRabbitMqBroker> CreateBrokerAsync();

    /// <summary>The processes the test needs, started on the new deployment.</summary>
    protected abstract Task StartAsync(ObservatoryDeployment deployment);
}
