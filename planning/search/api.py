"""The one search through the API: `/api/search/?q=`, the same matches as the page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from planning.search.selectors import QUERY_MAX, search


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(max_length=QUERY_MAX, help_text="Words to find; quotes for a phrase, - to exclude.")


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the text escaped, the words found in <mark>.")


class GroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="key")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Visible matches of this kind.")
    results = HitSerializer(many=True, source="hits")


class SearchAnswerSerializer(serializers.Serializer):
    q = serializers.CharField()
    groups = GroupSerializer(many=True)


class SearchAPIView(APIView):
    """Everything the caller may see that holds the words, grouped by kind (the 10 best of each)."""

    serializer_class = SearchAnswerSerializer

    @extend_schema(parameters=[SearchParameters], responses=SearchAnswerSerializer)
    def get(self, request):
        parameters = SearchParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        text = parameters.validated_data["q"]
        groups = search(request.user, text)
        return Response(SearchAnswerSerializer({"q": text, "groups": groups}).data)
