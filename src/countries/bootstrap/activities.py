"""The activities feature: what one can do in each country."""

from __future__ import annotations

from dependency_injector import containers, providers

from countries.application.activities import (
    AddActivity,
    DeleteActivity,
    GetActivity,
    ListActivities,
    UpdateActivity,
)
from countries.application.ports import Clock


class ActivitiesFeature(containers.DeclarativeContainer):
    """The use cases of `/countries/{code}/activities`."""

    clock: providers.Dependency[Clock] = providers.Dependency()
    storage = providers.DependenciesContainer()

    add_activity = providers.Factory(
        AddActivity, uow_factory=storage.unit_of_work.provider, clock=clock
    )
    list_activities = providers.Factory(
        ListActivities, uow_factory=storage.reading_unit_of_work.provider
    )
    get_activity = providers.Factory(GetActivity, uow_factory=storage.reading_unit_of_work.provider)
    update_activity = providers.Factory(
        UpdateActivity, uow_factory=storage.unit_of_work.provider, clock=clock
    )
    delete_activity = providers.Factory(DeleteActivity, uow_factory=storage.unit_of_work.provider)
