# Get-AccessToken -ApplicationId and -InstanceId under today's API: the owner's routes, the owner
# kept on each token so piped tokens go back to it, and owners refused before any request.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:ApplicationId = Get-EmulatorSeedId 1 -Kind Application
    $script:InstanceId = Get-EmulatorSeedId 1 -Kind Instance

    function Get-Route { @(Get-EmulatorRequest $script:Emulator | ForEach-Object { "$($_.method) $($_.path)$($_.query)" }) }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Tokens of an owner' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'ApplicationId_lists_the_application_tokens_and_each_carries_the_application_id' {
        $tokens = @(Get-AccessToken -ApplicationId $script:ApplicationId)

        $tokens.Name | Should -Be @('Dashboard kiosk', 'Device provisioning', 'Legacy webhook')
        $tokens.Id | Should -Be (1..3 | Get-EmulatorSeedId -Kind ApplicationToken -Owner 1)
        foreach ($token in $tokens) {
            $token.ApplicationId | Should -BeExactly $script:ApplicationId
            $token.InstanceId | Should -BeNullOrEmpty
            $token.OwnerType | Should -BeExactly 'application'
            $token.OwnerId | Should -BeExactly $script:ApplicationId
        }
        Get-Route | Should -BeExactly @("GET /applications/$script:ApplicationId/tokens$FirstPageQuery")
    }

    It 'InstanceId_lists_the_instance_tokens_and_each_carries_the_instance_id' {
        $tokens = @(Get-AccessToken -InstanceId $script:InstanceId)

        $tokens.Name | Should -Be @('Instance admin', 'Org audit')
        foreach ($token in $tokens) {
            $token.InstanceId | Should -BeExactly $script:InstanceId
            $token.ApplicationId | Should -BeNullOrEmpty
        }
        Get-Route | Should -BeExactly @("GET /instances/$script:InstanceId/tokens$FirstPageQuery")
    }

    It 'The_caller_tokens_carry_no_owner_id' {
        foreach ($token in Get-AccessToken) {
            $token.ApplicationId | Should -BeNullOrEmpty
            $token.InstanceId | Should -BeNullOrEmpty
        }
    }

    It 'An_id_with_<Owner>_is_fetched_from_the_owner_item_route' -ForEach @(
        @{ Owner = 'ApplicationId'; Collection = 'applications/5b0000000000000000000001'; Id = '5c0000000001000000000002' }
        @{ Owner = 'InstanceId'; Collection = 'instances/5d0000000000000000000001'; Id = '5e0000000001000000000002' }
    ) {
        $ownerArguments = @{ $Owner = $Collection.Split('/')[1] }

        $token = Get-AccessToken @ownerArguments -Id $Id

        $token.Id | Should -BeExactly $Id
        $token.$Owner | Should -BeExactly $Collection.Split('/')[1]
        Get-Route | Should -BeExactly @("GET /$Collection/tokens/$Id$DefaultFlags")
    }

    It 'Tokens_listed_with_<Owner>_piped_back_are_fetched_from_their_owner' -ForEach @(
        @{ Owner = 'ApplicationId'; Collection = 'applications/5b0000000000000000000001' }
        @{ Owner = 'InstanceId'; Collection = 'instances/5d0000000000000000000001' }
    ) {
        $ownerArguments = @{ $Owner = $Collection.Split('/')[1] }
        $listed = @(Get-AccessToken @ownerArguments)
        Clear-EmulatorRequest $script:Emulator

        $fetched = @($listed | Get-AccessToken -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $fetched.Id | Should -Be $listed.Id
        Get-Route | Should -BeExactly @($listed | ForEach-Object { "GET /$Collection/tokens/$($_.Id)$DefaultFlags" })
    }

    It 'Tokens_of_different_owners_in_one_pipeline_each_go_to_their_own_route' {
        $mixed = @(Get-AccessToken -Id 5a0000000000000000000001) + @(Get-AccessToken -ApplicationId $script:ApplicationId | Select-Object -First 1) +
            @(Get-AccessToken -InstanceId $script:InstanceId | Select-Object -First 1)
        Clear-EmulatorRequest $script:Emulator

        $fetched = @($mixed | Get-AccessToken -ThrottleLimit 3)

        $fetched.Id | Should -Be $mixed.Id
        Get-Route | Sort-Object | Should -BeExactly (@(
                "GET /me/tokens/5a0000000000000000000001$DefaultFlags"
                "GET /applications/$script:ApplicationId/tokens/$($mixed[1].Id)$DefaultFlags"
                "GET /instances/$script:InstanceId/tokens/$($mixed[2].Id)$DefaultFlags") | Sort-Object)
    }

    It 'Objects_with_Id_and_ApplicationId_properties_bind_both_by_property_name' {
        $token = [pscustomobject]@{ Id = '5c0000000001000000000003'; ApplicationId = $script:ApplicationId } | Get-AccessToken

        $token.Name | Should -Be 'Legacy webhook'
        Get-Route | Should -BeExactly @("GET /applications/$script:ApplicationId/tokens/5c0000000001000000000003$DefaultFlags")
    }

    It 'Listing_the_tokens_of_an_<Kind>_that_does_not_exist_gives_one_<ErrorId>' -ForEach @(
        @{ Kind = 'application'; Owner = @{ ApplicationId = '5b00000000000000000000ff' }; ErrorId = 'ApplicationNotFound'; Message = 'Application was not found' }
        @{ Kind = 'instance'; Owner = @{ InstanceId = '5d00000000000000000000ff' }; ErrorId = 'InstanceNotFound'; Message = 'Instance was not found' }
    ) {
        $failures = @(Get-ErrorRecord { Get-AccessToken @Owner })

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($failures[0])" | Should -Match $Message
    }
}

Describe 'Owners refused before any request' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It '<Parameter>_<Value>_is_<ErrorId> <Target>' -ForEach @(
        @{ Parameter = 'ApplicationId'; Value = '5b000000000000000000001'; ErrorId = 'InvalidApplicationId'; Target = 'when listing' }
        @{ Parameter = 'ApplicationId'; Value = '5b000000000000000000000g'; ErrorId = 'InvalidApplicationId'; Target = 'when listing' }
        @{ Parameter = 'ApplicationId'; Value = '../../me/tokens/5a000000'; ErrorId = 'InvalidApplicationId'; Target = 'when listing' }
        @{ Parameter = 'ApplicationId'; Value = 'Fleet Monitor'; ErrorId = 'InvalidApplicationId'; Target = 'for an id' }
        @{ Parameter = 'InstanceId'; Value = 'not-an-instance'; ErrorId = 'InvalidInstanceId'; Target = 'when listing' }
        @{ Parameter = 'InstanceId'; Value = '5d00000000000000000000011'; ErrorId = 'InvalidInstanceId'; Target = 'for an id' }
    ) {
        $arguments = @{ $Parameter = $Value }
        if ($Target -eq 'for an id') { $arguments.Id = '5c0000000001000000000001' }

        $failures = @(Get-ErrorRecord { Get-AccessToken @arguments })

        Assert-Refused $failures -ErrorId $ErrorId -Cmdlet Get-AccessToken -Target $Value
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Both_ApplicationId_and_InstanceId_is_ApplicationAndInstanceGiven <Target>' -ForEach @(
        @{ Target = 'when listing'; Arguments = @{} }
        @{ Target = 'for an id'; Arguments = @{ Id = '5c0000000001000000000001' } }
    ) {
        $failures = @(Get-ErrorRecord { Get-AccessToken -ApplicationId $script:ApplicationId -InstanceId $script:InstanceId @Arguments })

        Assert-Refused $failures -ErrorId ApplicationAndInstanceGiven
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Under_API_1_3_7_<Parameter>_is_NotSupportedByApiVersion <Target>' -ForEach @(
        @{ Parameter = 'ApplicationId'; Value = '5b0000000000000000000001'; Target = 'when listing'; Arguments = @{} }
        @{ Parameter = 'ApplicationId'; Value = '5b0000000000000000000001'; Target = 'for an id'; Arguments = @{ Id = '5c0000000001000000000001' } }
        @{ Parameter = 'InstanceId'; Value = '5d0000000000000000000001'; Target = 'when listing'; Arguments = @{} }
        @{ Parameter = 'InstanceId'; Value = '5d0000000000000000000001'; Target = 'for an id'; Arguments = @{ Id = '5e0000000001000000000001' } }
    ) {
        $owner = @{ $Parameter = $Value }

        $failures = @(Get-ErrorRecord { Get-AccessToken @owner @Arguments -ApiVersion 1.3.7 })

        Assert-Refused $failures -ErrorId NotSupportedByApiVersion -Target $Value
        "$($failures[0])" | Should -Match "-$Parameter"
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'An_invalid_owner_on_one_piped_token_fails_alone_and_the_others_are_fetched' {
        $inputs = @(
            [pscustomobject]@{ Id = '5c0000000001000000000001'; ApplicationId = $script:ApplicationId }
            [pscustomobject]@{ Id = '5c0000000001000000000002'; ApplicationId = 'nope' }
            [pscustomobject]@{ Id = '5c0000000001000000000003'; ApplicationId = $script:ApplicationId }
        )

        $output = @($inputs | Get-AccessToken -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 3
        $output[0].Id | Should -Be '5c0000000001000000000001'
        $output[1].FullyQualifiedErrorId | Should -BeLike 'InvalidApplicationId,*'
        $output[1].TargetObject | Should -Be 'nope'
        $output[2].Id | Should -Be '5c0000000001000000000003'
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 2
    }
}
