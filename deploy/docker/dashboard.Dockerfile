# The Observatory dashboard (live web UI, an Orleans client serving its own static files). Build
# from the repository root:
#   docker build -f deploy/docker/dashboard.Dockerfile -t observatory/dashboard:0.1.0 .
# Multi-stage: the SDK image restores and publishes; the final image is the chiseled ASP.NET
# runtime (no shell, no package manager, non-root user "app", UID 1654) plus the published app.
# No credential is baked in: the sign-in password (or its hash) comes from the deployment.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/Observatory.Contracts.csproj contracts/
COPY grain-interfaces/Observatory.GrainInterfaces.csproj grain-interfaces/
COPY rabbitmq-streams/Observatory.Streaming.RabbitMq.csproj rabbitmq-streams/
COPY database/Observatory.Database.csproj database/
COPY task-api/Observatory.TaskApi.csproj task-api/
COPY service-defaults/Observatory.ServiceDefaults.csproj service-defaults/
COPY dashboard/Observatory.Dashboard.csproj dashboard/
RUN dotnet restore dashboard/Observatory.Dashboard.csproj
COPY contracts/ contracts/
COPY grain-interfaces/ grain-interfaces/
COPY rabbitmq-streams/ rabbitmq-streams/
COPY database/ database/
COPY task-api/ task-api/
COPY service-defaults/ service-defaults/
COPY dashboard/ dashboard/
RUN dotnet publish dashboard/Observatory.Dashboard.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app ./
# UI, API, health, readiness and metrics on 8080.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The numeric id lets Kubernetes verify runAsNonRoot; the root filesystem can be read-only: the
# process writes only to /tmp (an emptyDir in the chart), its key ring goes to Redis.
USER 1654
ENTRYPOINT ["dotnet", "Observatory.Dashboard.dll"]
